/** The notification redelivery workflow: the outbox keys it keeps trying until they are delivered. */
import { z } from 'zod';

export const notificationRedeliveryInputSchema = z.object({ keys: z.array(z.string()) });
export type NotificationRedeliveryInput = z.infer<typeof notificationRedeliveryInputSchema>;

/** The daily digest workflow: the grouping key whose rows it sends, and how long it lets them settle first. */
export const dailyDigestInputSchema = z.object({ digestKey: z.string(), settleMs: z.number().int().min(0) });
export type DailyDigestInput = z.infer<typeof dailyDigestInputSchema>;

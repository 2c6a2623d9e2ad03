/** The notification redelivery workflow: the outbox keys it keeps trying until they are delivered. */
import { z } from 'zod';

export const notificationRedeliveryInputSchema = z.object({ keys: z.array(z.string()) });
export type NotificationRedeliveryInput = z.infer<typeof notificationRedeliveryInputSchema>;

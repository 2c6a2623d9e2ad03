/** Notification routes: who is told how. */
import { NOTIFY_CHANNELS, RECIPIENT_ROLES } from '../../domain/notifications';
import { z } from '../zod';
import { bilingualTextSchema, unitIdSchema } from './common.schemas';

export const notificationRouteBody = z
  .strictObject({
    role: z.enum(RECIPIENT_ROLES, { error: () => `must be one of: ${RECIPIENT_ROLES.join(', ')}` }),
    unitId: unitIdSchema.nullable().optional().openapi({ description: "Messages about this unit only (overrides the role's route); every unit when absent." }),
    channel: z.enum(NOTIFY_CHANNELS, { error: () => `must be one of: ${NOTIFY_CHANNELS.join(', ')}` }),
    address: z.string().trim().min(1).max(2000).nullable().optional().openapi({ description: "smtp: an email address; webhook: an http(s) URL; null: the channel's default address." }),
  })
  .superRefine((body, ctx) => {
    if (!body.address) return;
    if (body.channel === 'console') ctx.addIssue({ code: 'custom', path: ['address'], message: 'the console channel takes no address' });
    if (body.channel === 'smtp' && !z.email().safeParse(body.address).success) ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an email address' });
    if (body.channel === 'webhook' && !z.url({ protocol: /^https?$/ }).safeParse(body.address).success) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an http(s) URL' });
    }
  })
  .openapi('NotificationRoute');

export const notificationRouteQuery = z.object({
  role: z.enum(RECIPIENT_ROLES, { error: () => `must be one of: ${RECIPIENT_ROLES.join(', ')}` }),
  unitId: unitIdSchema.optional(),
});

export const notificationRouteSchema = z.object({
  role: z.enum(RECIPIENT_ROLES),
  roleLabel: bilingualTextSchema,
  unitId: z.string().nullable(),
  channel: z.enum(NOTIFY_CHANNELS),
  address: z.string().nullable(),
});
export const notificationRoutesSchema = z.object({ routes: z.array(notificationRouteSchema) });

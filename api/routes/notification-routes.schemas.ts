/** Notification routes: who is told how. */
import { NOTIFY_CHANNELS, RECIPIENT_ROLES, ROBOT_CHANNELS, type NotifyChannel } from '../../domain/notifications';

const isRobot = (channel: NotifyChannel) => (ROBOT_CHANNELS as readonly string[]).includes(channel);
const TESTABLE_CHANNELS = ['webhook', ...ROBOT_CHANNELS] as const;
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
    if (!body.address && isRobot(body.channel)) ctx.addIssue({ code: 'custom', path: ['address'], message: "a robot channel needs the robot's webhook URL as its address" });
    if (!body.address) return;
    if (body.channel === 'console') ctx.addIssue({ code: 'custom', path: ['address'], message: 'the console channel takes no address' });
    if (body.channel === 'smtp' && !z.email().safeParse(body.address).success) ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an email address' });
    if ((body.channel === 'webhook' || isRobot(body.channel)) && !z.url({ protocol: /^https?$/ }).safeParse(body.address).success) {
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

export const testSendBody = z
  .strictObject({
    channel: z.enum(TESTABLE_CHANNELS, { error: () => `must be one of: ${TESTABLE_CHANNELS.join(', ')}` }),
    address: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL: the webhook or robot URL to test' }),
  })
  .openapi('TestSendRequest');

export const testSendReplySchema = z
  .object({
    channel: z.enum(TESTABLE_CHANNELS),
    delivered: z.boolean(),
    /** Why nothing was sent or the receiver refused: a missing or wrong secret, an unreachable URL. Never the secret itself. */
    problem: z.string().nullable(),
  })
  .openapi('TestSendResult');

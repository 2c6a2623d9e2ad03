/** How each recipient is reached (per role, or per role for one unit): console, webhook, email over SMTP, or a group robot (企業微信, 釘釘, 飛書). */
import { AppError, ErrorType } from '../../domain/errors';
import { RECIPIENT_ROLE_LABELS } from '../../domain/labels';
import type { NotificationRoute } from '../../adapters/storage/outbox';
import { requireUnit, type ApiContext } from '../context';
import { notificationRouteBody, notificationRouteQuery, notificationRouteSchema, notificationRoutesSchema, testSendBody, testSendReplySchema } from './notification-routes.schemas';
import { z } from '../zod';

const out = (route: Required<NotificationRoute>) => ({
  role: route.role,
  roleLabel: RECIPIENT_ROLE_LABELS[route.role],
  unitId: route.unitId ?? null,
  channel: route.channel,
  address: route.address ?? null,
});

export function registerNotificationRouteRoutes(ctx: ApiContext): void {
  const { routes } = ctx;
  const { outbox } = ctx.storage;

  routes.add({
    method: 'get',
    path: '/notification-routes',
    tag: 'notifications',
    summary: 'The notification routes: which channel and address each role (or a role for one unit) is reached on',
    description: 'A unit route overrides the role route for messages about that unit; without either, the server default (NOTIFY_CHANNEL).',
    access: ['admin'],
    responses: { 200: { description: 'every route', schema: notificationRoutesSchema } },
    handler: async () => ({ status: 200, body: { routes: (await outbox.listRoutes()).map(out) } }),
  });

  routes.add({
    method: 'put',
    path: '/notification-routes',
    tag: 'notifications',
    summary: 'Set (add or replace) the route of a role, or of a role for one unit',
    description: 'Applies to notices stored from now on; a notice already in the outbox keeps its destination.',
    access: ['admin'],
    body: notificationRouteBody,
    responses: { 200: { description: 'the route as stored', schema: notificationRouteSchema } },
    handler: async ({ body }) => {
      if (body.unitId) await requireUnit(ctx, body.unitId);
      const route: NotificationRoute = { role: body.role, unitId: body.unitId ?? null, channel: body.channel, address: body.address ?? null };
      await outbox.setRoute(route);
      return { status: 200, body: out(route as Required<NotificationRoute>) };
    },
  });

  routes.add({
    method: 'delete',
    path: '/notification-routes',
    tag: 'notifications',
    summary: 'Remove the route of a role (no unitId) or of a role for one unit',
    access: ['admin'],
    query: notificationRouteQuery,
    responses: { 200: { description: 'removed', schema: z.object({ removed: z.literal(true) }) } },
    handler: async ({ query }) => {
      const removed = await outbox.removeRoute(query.role, query.unitId ?? null);
      if (!removed) {
        throw new AppError(
          ErrorType.NotFound,
          `there is no route for role "${query.role}"${query.unitId ? ` and unit "${query.unitId}"` : ' (all units)'}; GET /notification-routes lists them`,
        );
      }
      return { status: 200, body: { removed: true } };
    },
  });

  routes.add({
    method: 'post',
    path: '/notification-routes/test-send',
    tag: 'notifications',
    summary: 'Send a test notice through a webhook or group robot (企業微信 / 釘釘 / 飛書), before routing notices to it',
    description:
      'Sends one test notice, now, and answers whether the receiver took it. A signing secret that is not configured (WEBHOOK_SECRET, DINGTALK_SECRET, FEISHU_SECRET) sends nothing; a wrong one is reported as the robot refuses it. The secret never appears in the answer or the logs.',
    access: ['admin'],
    body: testSendBody,
    responses: { 200: { description: 'what happened; `delivered: false` with the problem when nothing was taken', schema: testSendReplySchema } },
    handler: async ({ body }) => {
      if (!ctx.testChannel) return { status: 200, body: { channel: body.channel, delivered: false, problem: 'this API was started without notification channels: nothing was sent' } };
      const result = await ctx.testChannel(body.channel, body.address);
      return { status: 200, body: { channel: body.channel, ...result } };
    },
  });
}

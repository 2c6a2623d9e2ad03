/**
 * GET /campaigns/:id/tree: the unit tree of a campaign for the dashboard's
 * lazy tree, one parent's children a page at a time (keyset on the unit id),
 * each unit with its light and the lights of its subtree. Authorised by the
 * subtree: a parent outside the caller's units is 404 as for an unknown unit;
 * a unit user sees its own unit only, so opening it is 403.
 */
import { LIGHTS, RUNGS, ROLES, UNIT_TYPES, type Light, type Rung, type UnitType } from '../../domain/labels';
import type { TreeLevel, TreeNode } from '../../adapters/storage/unit-tree';
import { forbidden, roleLabel } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { campaignParams } from './common.schemas';
import { unitTreeQuery, unitTreeReplySchema } from './unit-tree.schemas';

const lightOf = (light: string | null | undefined): Light | null => (light && light in LIGHTS ? (light as Light) : null);
const rungOf = (rung: string | null | undefined): Rung | null => (rung && rung in RUNGS ? (rung as Rung) : null);

export function registerUnitTreeRoutes(ctx: ApiContext): void {
  const { routes, access } = ctx;

  routes.add({
    method: 'get',
    path: '/campaigns/:id/tree',
    tag: 'dashboard',
    summary: 'The unit tree (單位樹) with lights, one parent\'s children a page at a time',
    description:
      "Without parentId: the caller's top units (the office: the roots; a supervisor: the units they supervise; a unit user: its own unit). With parentId: its children in id order, `limit` at a time (afterUnitId = nextAfterUnitId). " +
      "Each unit carries its own light, rung and phase in the campaign and its subtree's started units by light. A parentId outside the caller's units is 404, as for an unknown unit; a unit user may not open its own unit (the units below it are not its own): 403.",
    access: 'authenticated',
    params: campaignParams,
    query: unitTreeQuery,
    responses: { 200: { description: 'a page of units', schema: unitTreeReplySchema } },
    handler: async ({ params, query, user }) => {
      await requireCampaign(ctx, params.id);
      let level: TreeLevel;
      if (query.parentId !== undefined) {
        const parent = await access.requireUnitVisible(user, query.parentId);
        if (user.role === 'unit') {
          throw forbidden(
            `as ${roleLabel('unit')} you see your own unit "${parent.id}" only, not the units below it; their supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) sees those`,
          );
        }
        level = { kind: 'children', parentId: parent.id };
      } else if (user.role === 'admin') {
        level = { kind: 'roots' };
      } else if (user.role === 'supervisor') {
        level = { kind: 'paths', paths: await ctx.storage.supervisors.supervisedPaths(user.id) };
      } else {
        const own = await access.requireUnitVisible(user, user.unitId!);
        level = { kind: 'paths', paths: [own.path] };
      }

      const rows = await ctx.storage.unitTree.page(params.id, level, query.afterUnitId ?? null, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const nodeOut = (node: TreeNode) => {
        const light = lightOf(node.state?.light);
        const rung = rungOf(node.state?.rung);
        // A unit user's own subtree is its own unit only.
        const subtree =
          user.role === 'unit'
            ? { units: node.state ? 1 : 0, green: light === 'green' ? 1 : 0, yellow: light === 'yellow' ? 1 : 0, red: light === 'red' ? 1 : 0 }
            : node.subtree;
        return {
          id: node.id,
          name: node.name,
          type: node.type,
          typeLabel: node.type in UNIT_TYPES ? UNIT_TYPES[node.type as UnitType] : null,
          hasChildren: user.role !== 'unit' && node.hasChildren,
          started: node.state !== null,
          phaseId: node.state?.phaseId ?? null,
          status: node.state?.status ?? null,
          rung,
          rungLabel: rung ? RUNGS[rung] : null,
          light,
          lightLabel: light ? LIGHTS[light] : null,
          overdueCount: node.state?.overdueCount ?? 0,
          subtree,
        };
      };
      return {
        status: 200,
        body: {
          campaignId: params.id,
          parentId: query.parentId ?? null,
          nodes: page.map(nodeOut),
          nextAfterUnitId: rows.length > query.limit ? page[page.length - 1].id : null,
        },
      };
    },
  });
}

/** The unit tree (黨組織樹): import it, read a unit, page through a subtree. */
import { AppError, ErrorType } from '../../domain/errors';
import { parseUnitsCsv, parseUnitsJson } from '../../domain/units';
import { requireUnit, type ApiContext } from '../context';
import {
  importReplySchema,
  subtreePageSchema,
  subtreeQuery,
  unitImportBody,
  unitImportCsvBody,
  unitParams,
  unitRecordSchema,
} from '../schemas';

const CSV_TYPES = ['text/csv', 'application/csv'];

export function registerUnitRoutes(ctx: ApiContext): void {
  const { routes, access } = ctx;

  routes.add({
    method: 'post',
    path: '/units/import',
    tag: 'units',
    summary: 'Import units: a JSON list of rows, or a CSV file',
    description:
      'All or nothing: every problem is listed with its row (`rows.<n>…`) and nothing is imported. A parent may be a unit of the file or one that already exists.',
    access: ['admin'],
    body: unitImportBody,
    extraBodyTypes: Object.fromEntries(CSV_TYPES.map((type) => [type, unitImportCsvBody])),
    bodyLimit: '100mb',
    // The domain parser validates the file as a whole, naming rows and CSV lines.
    bodyValidatedBy: 'handler',
    responses: { 201: { description: 'how many units and supervisor links were imported', schema: importReplySchema } },
    handler: async ({ req }) => {
      const options = { allowExternalParents: true };
      let tree;
      if (CSV_TYPES.some((type) => req.is(type))) {
        tree = parseUnitsCsv(typeof req.body === 'string' ? req.body : '', options);
      } else if (req.is('application/json')) {
        tree = parseUnitsJson(req.body, options);
      } else {
        return {
          status: 415,
          body: { error: 'UnsupportedMediaType', message: 'send the units as JSON (Content-Type: application/json) or CSV (Content-Type: text/csv)' },
        };
      }
      return { status: 201, body: await ctx.units.importTree(tree) };
    },
  });

  routes.add({
    method: 'get',
    path: '/units/:id',
    tag: 'units',
    summary: 'A unit',
    description: 'The campaign office, a supervisor of the unit, or the unit itself.',
    access: 'authenticated',
    params: unitParams,
    responses: { 200: { description: 'the unit', schema: unitRecordSchema } },
    handler: async ({ params, user }) => {
      const unit = await requireUnit(ctx, params.id);
      await access.requireUnitVisible(user, params.id);
      return { status: 200, body: unit };
    },
  });

  routes.add({
    method: 'get',
    path: '/units/:id/subtree',
    tag: 'units',
    summary: 'The unit and every unit under it, in tree order, a page at a time',
    description: 'Who may: as for GET /units/{id}.',
    access: 'authenticated',
    params: unitParams,
    query: subtreeQuery,
    responses: { 200: { description: 'a page of units', schema: subtreePageSchema } },
    handler: async ({ params, query, user }) => {
      await requireUnit(ctx, params.id);
      await access.requireUnitVisible(user, params.id);
      const page = await ctx.units.listSubtree(params.id, { ...(query.afterId !== undefined ? { afterId: query.afterId } : {}), limit: query.limit });
      if (!page) throw new AppError(ErrorType.NotFound, `there is no unit "${params.id}"`);
      return { status: 200, body: page };
    },
  });
}

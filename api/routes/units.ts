/** The unit tree (黨組織樹): import it, read a unit, page through a subtree. */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { AppError, ErrorType } from '../../domain/errors';
import { parseUnitsCsv, parseUnitsJson, type UnitTree } from '../../domain/units';
import { InvalidInputError, type InputProblem } from '../../domain/validation';
import type { UnitRecord } from '../../adapters/storage/units-repository';
import type { AuthUser } from '../auth';
import type { ApiContext } from '../context';
import { errorResponseSchema } from './common.schemas';
import { importReplySchema, subtreePageSchema, subtreeQuery, unitImportBody, unitImportCsvBody, unitParams, unitRecordSchema } from './units.schemas';

const CSV_TYPES = ['text/csv', 'application/csv'];

/** A row's id and parent id as written (empty when absent). */
interface ParentReference {
  row: number;
  id: string;
  parentId: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function jsonParentReferences(document: unknown): ParentReference[] {
  const rows = Array.isArray(document) ? document : (document as { units?: unknown } | null)?.units;
  if (!Array.isArray(rows)) return [];
  return rows.map((row, index) => ({
    row: index,
    id: text((row as { id?: unknown } | null)?.id),
    parentId: text((row as { parentId?: unknown } | null)?.parentId),
  }));
}

function csvParentReferences(csv: string): ParentReference[] {
  try {
    const records = parseCsvSync(csv, {
      bom: true,
      columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Array<Record<string, string>>;
    return records.map((record, index) => ({ row: index, id: text(record.id), parentId: text(record.parent_id) }));
  } catch {
    return []; // the domain parser reports what is wrong with the file
  }
}

/** Rows whose parent is neither a unit of the file nor an existing unit (and not already reported). */
async function missingParents(ctx: ApiContext, references: ParentReference[], reported: Set<string>): Promise<InputProblem[]> {
  const inFile = new Set(references.map((r) => r.id));
  const outside = references.filter((r) => r.parentId !== '' && !inFile.has(r.parentId) && !reported.has(`rows.${r.row}.parentId`));
  if (outside.length === 0) return [];
  const existing = new Set((await ctx.storage.units.listByIds([...new Set(outside.map((r) => r.parentId))])).map((u) => u.id));
  return outside
    .filter((r) => !existing.has(r.parentId))
    .map((r) => ({
      path: `rows.${r.row}.parentId`,
      message: `unit "${r.id}" (row ${r.row}): the parent "${r.parentId}" is neither in the file nor an existing unit`,
    }));
}

/**
 * How a caller sees unit records: the office as stored; anyone else without
 * the units above their own (outside their scope), i.e. a `parentId` of null at
 * the top of what they may see and a `path` that starts there.
 */
async function unitViewer(ctx: ApiContext, user: AuthUser): Promise<(unit: UnitRecord) => UnitRecord> {
  if (user.role === 'admin') return (unit) => unit;
  const roots = user.role === 'supervisor' ? await ctx.storage.supervisors.supervisedPaths(user.id) : [];
  return (unit) => {
    const root = user.role === 'unit' ? unit.path : roots.find((path) => unit.path.startsWith(path));
    // Unreachable for a unit the caller may see; shown as its own top, to be safe.
    const top = root ?? unit.path;
    const above = top.slice(0, top.lastIndexOf('/', top.length - 2) + 1);
    return { ...unit, parentId: unit.path === top ? null : unit.parentId, path: `/${unit.path.slice(above.length)}` };
  };
}

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
    responses: {
      201: { description: 'how many units and supervisor links were imported', schema: importReplySchema },
      415: { description: 'the body is neither JSON nor CSV (UnsupportedMediaType)', schema: errorResponseSchema },
    },
    handler: async ({ req }) => {
      const options = { allowExternalParents: true };
      let parse: () => UnitTree;
      let references: () => ParentReference[];
      if (CSV_TYPES.some((type) => req.is(type))) {
        const text = typeof req.body === 'string' ? req.body : '';
        parse = () => parseUnitsCsv(text, options);
        references = () => csvParentReferences(text);
      } else if (req.is('application/json')) {
        parse = () => parseUnitsJson(req.body, options);
        references = () => jsonParentReferences(req.body);
      } else {
        return {
          status: 415,
          body: { error: 'UnsupportedMediaType', message: 'send the units as JSON (Content-Type: application/json) or CSV (Content-Type: text/csv)' },
        };
      }
      let tree: UnitTree;
      try {
        tree = parse();
      } catch (error) {
        // A parent outside the file is checked against the database only once the
        // file parses; list those problems now too, so that one answer has them all.
        if (!(error instanceof InvalidInputError)) throw error;
        const missing = await missingParents(ctx, references(), new Set(error.problems.map((p) => p.path)));
        if (missing.length === 0) throw error;
        const rowOf = (path: string) => Number(/^rows\.(\d+)/.exec(path)?.[1] ?? -1);
        const problems = [...error.problems, ...missing].sort((a, b) => rowOf(a.path) - rowOf(b.path));
        throw new InvalidInputError(error.what, problems);
      }
      return { status: 201, body: await ctx.storage.units.importTree(tree) };
    },
  });

  routes.add({
    method: 'get',
    path: '/units/:id',
    tag: 'units',
    summary: 'A unit',
    description:
      'The campaign office, a supervisor of the unit, or the unit itself; for anyone else the unit is 404, as if it did not exist. ' +
      'The secretary\'s contact details go to these only. Above the top unit a caller may see, nothing is shown: there `parentId` is null and `path` starts at that unit.',
    access: 'authenticated',
    params: unitParams,
    responses: { 200: { description: 'the unit', schema: unitRecordSchema } },
    handler: async ({ params, user }) => {
      const unit = await access.requireUnitVisible(user, params.id);
      return { status: 200, body: (await unitViewer(ctx, user))(unit) };
    },
  });

  routes.add({
    method: 'get',
    path: '/units/:id/subtree',
    tag: 'units',
    summary: 'The unit and every unit under it, in tree order, a page at a time',
    description:
      'Who may: as for GET /units/{id}. The office and a supervisor get every unit under it (all of them theirs); ' +
      'a unit user sees its own unit only, not the units below it, so its listing holds just itself.',
    access: 'authenticated',
    params: unitParams,
    query: subtreeQuery,
    responses: { 200: { description: 'a page of units', schema: subtreePageSchema } },
    handler: async ({ params, query, user }) => {
      const unit = await access.requireUnitVisible(user, params.id);
      const view = await unitViewer(ctx, user);
      if (user.role === 'unit') {
        // The same rule as GET /units/:child (404 for a unit user): its descendants are not its own.
        if (query.afterId !== undefined && query.afterId !== unit.id) {
          throw new InvalidInputError('subtree page', [{ path: 'afterId', message: `"${query.afterId}" is not a unit in the subtree of "${unit.id}"` }]);
        }
        return { status: 200, body: { units: query.afterId === undefined ? [view(unit)] : [], nextAfterId: null } };
      }
      const page = await ctx.storage.units.listSubtree(params.id, { ...(query.afterId !== undefined ? { afterId: query.afterId } : {}), limit: query.limit });
      if (!page) throw new AppError(ErrorType.NotFound, `there is no unit "${params.id}"`);
      return { status: 200, body: { units: page.units.map(view), nextAfterId: page.nextAfterId } };
    },
  });
}

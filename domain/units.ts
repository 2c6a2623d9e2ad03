/**
 * The unit tree (黨組織樹): party committee → general branch → branch, and the
 * party-led mass organisations under them. The office imports it from a JSON or
 * CSV file; this module validates such a file as a whole and returns the units
 * in topological order (parents before children) with their materialised path
 * ('/root/branch/unit/') and depth (a root is at depth 0).
 *
 * Pure: no I/O. Linear in the number of units and free of recursion, so a file
 * of 100,000 units (or a 100,000-long chain) is checked in well under a second.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { z } from 'zod';
import type { UnitType } from './labels';
import { unitTypeSchema } from './labels-schema';
import { InvalidInputError, type InputProblem } from './validation';

/**
 * At most this many levels (depth 0 … MAX_UNIT_DEPTH). Real trees have fewer
 * than ten; the bound keeps every path (≤ 32 × 65 + 1 bytes) inside what a
 * PostgreSQL b-tree index entry can hold, and keeps path building linear.
 */
export const MAX_UNIT_DEPTH = 31;

/** Separator of the materialised path; never part of an id. */
export const PATH_SEPARATOR = '/';

const requiredText = (what = 'text') =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : `must be ${what}`) });

/** A unit id: what the materialised path is made of, so no '/' and no spaces. */
export const unitIdSchema = requiredText()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
    'must be 1–64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
  );

/** A user id as listed among a unit's supervisors. */
export const userIdSchema = requiredText()
  .trim()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\s;,]+$/, 'must not contain spaces, ";" or ","');

/** Empty strings and null count as absent for optional fields (CSV cells, sloppy JSON). */
const absentIfEmpty = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const parentIdSchema = z
  .preprocess(absentIfEmpty, unitIdSchema.optional())
  .transform((value) => value ?? null);

export const secretarySchema = z.strictObject(
  {
    /** The secretary (書記, 第一責任人): reminders and warnings go to them. */
    name: requiredText().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    email: z.preprocess(absentIfEmpty, requiredText().trim().pipe(z.email('must be an email address')).optional()),
    phone: z.preprocess(
      absentIfEmpty,
      requiredText()
        .trim()
        .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a phone number (digits, spaces, "-", "(", ")", optional leading "+")')
        .optional(),
    ),
  },
  { error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : undefined) },
);
export type Secretary = z.output<typeof secretarySchema>;

/** One row of an import file: one unit. */
export const unitRowSchema = z.strictObject({
  id: unitIdSchema,
  /** Null (or empty) for a root. */
  parentId: parentIdSchema,
  /** The unit's Chinese name, as its members know it. */
  name: requiredText()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .regex(/\p{Script=Han}/u, "must be the unit's Chinese name (at least one Chinese character)"),
  type: z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), unitTypeSchema),
  secretary: secretarySchema,
  /** User ids of the unit's supervisors (上級黨組織負責人, 聯系點); they supervise its whole subtree. */
  supervisors: z
    .array(userIdSchema, { error: 'must be a list of user ids' })
    .optional()
    .transform((ids) => [...new Set(ids ?? [])]),
  /** Tags for themes across unit types (分類指導: e.g. ethnic_religious_area); a plan's tagThemes give their themes. */
  tags: z
    .array(z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'each tag must be lower-case letters, digits, "-" or "_" (at most 63)'), { error: 'must be a list of tags' })
    .max(20, 'at most 20 tags')
    .optional()
    .transform((tags) => [...new Set(tags ?? [])]),
});
export type UnitRow = z.output<typeof unitRowSchema>;

/** Where a unit came from in the import file, for messages. */
export interface UnitSource {
  /** 0-based index of the row among the file's units (the `rows.<row>` of problem paths). */
  row: number;
  /** 1-based line in a CSV file. */
  line?: number;
  /** e.g. 'row 12' or 'CSV line 14'. */
  label: string;
}

export interface TreeUnit {
  id: string;
  parentId: string | null;
  name: string;
  type: UnitType;
  secretary: Secretary;
  supervisors: string[];
  tags: string[];
  /**
   * Materialised path from the top-most unit of the file ('/root/branch/unit/').
   * For a unit under an external parent (see {@link UnitTree.externalParentIds}),
   * it starts at the file's top unit: rebase it with {@link rebasePath}.
   */
  path: string;
  /** 0 for a top unit of the file; see `path`. */
  depth: number;
  source: UnitSource;
}

declare const validatedUnitTree: unique symbol;

/** A validated tree, only made by {@link parseUnitsJson} and {@link parseUnitsCsv}. */
export interface UnitTree {
  /** Parents before children. */
  readonly units: readonly TreeUnit[];
  /**
   * Parent ids not in the file (only with `allowExternalParents`): the units
   * under them attach to units that already exist, which the importer checks.
   */
  readonly externalParentIds: readonly string[];
  readonly [validatedUnitTree]: true;
}

export interface ParseUnitsOptions {
  /**
   * Accept a parentId that is not in the file, as a unit that already exists
   * (the importer then checks that it does). Default: such a parent is an error.
   */
  allowExternalParents?: boolean;
}

/** The CSV columns, in the order a template file should have them. */
export const UNIT_CSV_COLUMNS = [
  'id',
  'parent_id',
  'name',
  'type',
  'secretary_name',
  'secretary_email',
  'secretary_phone',
  'supervisors',
] as const;
/** Columns a CSV file may leave out: `tags`, separated by ";". */
export const OPTIONAL_UNIT_CSV_COLUMNS = ['tags'] as const;
type CsvColumn = (typeof UNIT_CSV_COLUMNS)[number] | (typeof OPTIONAL_UNIT_CSV_COLUMNS)[number];

/** Row field path → CSV column, to name the column in messages. */
export const CSV_COLUMN_OF: Record<string, CsvColumn> = {
  id: 'id',
  parentId: 'parent_id',
  name: 'name',
  type: 'type',
  secretary: 'secretary_name',
  'secretary.name': 'secretary_name',
  'secretary.email': 'secretary_email',
  'secretary.phone': 'secretary_phone',
  supervisors: 'supervisors',
  tags: 'tags',
};

interface SourceRow {
  input: unknown;
  line?: number;
}

/** A problem with the row it belongs to, so that problems can be listed in file order. */
interface RowProblem extends InputProblem {
  row: number;
}

const WHAT = 'unit tree';

/**
 * Parses a JSON unit file: an array of rows, or `{ "units": [rows] }`, as text
 * or already parsed. Throws {@link InvalidInputError} listing every problem.
 */
export function parseUnitsJson(input: string | unknown, options: ParseUnitsOptions = {}): UnitTree {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new InvalidInputError(WHAT, [{ path: '(json)', message: `is not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const rows = Array.isArray(document)
    ? document
    : document !== null && typeof document === 'object' && Array.isArray((document as { units?: unknown }).units)
      ? ((document as { units: unknown[] }).units)
      : undefined;
  if (!rows) {
    throw new InvalidInputError(WHAT, [
      { path: '(root)', message: 'must be a list of units, or an object with a "units" list' },
    ]);
  }
  const source: SourceRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) source[i] = { input: rows[i] };
  return buildTree(source, 'json', options);
}

/**
 * Parses a CSV unit file with the header
 * `id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors`
 * (any column order; supervisors separated by ';'). Throws {@link InvalidInputError}
 * listing every problem, each naming the unit and its CSV line.
 */
export function parseUnitsCsv(text: string, options: ParseUnitsOptions = {}): UnitTree {
  // Line numbers are counted here rather than with csv-parse's `info` option,
  // which halves its speed: each record takes one line plus the line breaks
  // inside its quoted cells; blank lines come through as records and are skipped.
  let parsedRecords: string[][];
  try {
    parsedRecords = parseCsvSync(text, { bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InvalidInputError(WHAT, [{ path: '(csv)', message: `is not valid CSV: ${(error as Error).message}` }]);
  }
  const records: { record: string[]; line: number }[] = [];
  let nextLine = 1;
  for (const record of parsedRecords) {
    const line = nextLine;
    let blank = true;
    for (const cell of record) {
      for (let k = cell.indexOf('\n'); k !== -1; k = cell.indexOf('\n', k + 1)) nextLine++;
      if (blank && cell.trim() !== '') blank = false;
    }
    nextLine++;
    if (!blank) records.push({ record, line });
  }
  if (records.length === 0) {
    throw new InvalidInputError(WHAT, [{ path: '(csv)', message: `is empty; the header must be ${UNIT_CSV_COLUMNS.join(',')}` }]);
  }

  const header = records[0].record.map((cell) => cell.trim().toLowerCase());
  const headerProblems: InputProblem[] = [];
  const missing = UNIT_CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) headerProblems.push({ path: 'header', message: `is missing the column(s): ${missing.join(', ')}` });
  const unknown = header.filter((column) => !([...UNIT_CSV_COLUMNS, ...OPTIONAL_UNIT_CSV_COLUMNS] as readonly string[]).includes(column));
  if (unknown.length) {
    headerProblems.push({
      path: 'header',
      message: `has unknown column(s): ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${UNIT_CSV_COLUMNS.join(',')}`,
    });
  }
  const repeated = header.filter((column, i) => header.indexOf(column) !== i);
  if (repeated.length) headerProblems.push({ path: 'header', message: `repeats the column(s): ${[...new Set(repeated)].join(', ')}` });
  if (headerProblems.length) throw new InvalidInputError(WHAT, headerProblems);

  const at = {} as Record<CsvColumn, number>;
  for (const column of [...UNIT_CSV_COLUMNS, ...OPTIONAL_UNIT_CSV_COLUMNS]) at[column] = header.indexOf(column);

  const source: SourceRow[] = new Array(records.length - 1);
  const cellCountProblems: RowProblem[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, line } = records[r];
    const cell = (column: CsvColumn) => (at[column] < 0 ? '' : record[at[column]] ?? '');
    const supervisors = cell('supervisors')
      .split(';')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    source[r - 1] = {
      line,
      input: {
        id: cell('id'),
        parentId: cell('parent_id'),
        name: cell('name'),
        type: cell('type'),
        secretary: { name: cell('secretary_name'), email: cell('secretary_email'), phone: cell('secretary_phone') },
        supervisors,
        tags: cell('tags')
          .split(';')
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ''),
      },
    };
    if (record.length !== header.length) {
      const id = cell('id').trim();
      cellCountProblems.push({
        row: r - 1,
        path: `rows.${r - 1}`,
        message: `${id ? `unit "${id}" ` : ''}(CSV line ${line}) has ${record.length} cells; the header has ${header.length}`,
      });
    }
  }
  return buildTree(source, 'csv', options, cellCountProblems);
}

/** Whether `path` is `rootPath` or below it (both materialised paths, '/a/b/'). */
export function isWithinSubtree(path: string, rootPath: string): boolean {
  const root = rootPath.endsWith(PATH_SEPARATOR) ? rootPath : rootPath + PATH_SEPARATOR;
  const self = path.endsWith(PATH_SEPARATOR) ? path : path + PATH_SEPARATOR;
  return self.startsWith(root);
}

/** The ids along a path, root first: '/a/b/c/' → ['a', 'b', 'c']. */
export function pathIds(path: string): string[] {
  return path.split(PATH_SEPARATOR).filter((segment) => segment !== '');
}

/** The unit itself and its ancestors, nearest first: '/a/b/c/' → ['c', 'b', 'a']. */
export function selfAndAncestorIds(path: string): string[] {
  return pathIds(path).reverse();
}

/** Puts a path of the file ('/top/x/') under an existing parent's path ('/r/p/') → '/r/p/top/x/'. */
export function rebasePath(path: string, parentPath: string): string {
  return parentPath + path.slice(PATH_SEPARATOR.length);
}

// ---------------------------------------------------------------------------

const NOT_A_NODE = -3; // the row's id is invalid or a duplicate: not part of the tree
const BROKEN = -2; // the parent is missing (already reported) or not a node: subtree dropped silently
const ROOT = -1; // no parent in the file (a root, or under an external parent)

const structureSchema = z.object({ id: unitIdSchema, parentId: parentIdSchema });

function buildTree(
  rows: SourceRow[],
  format: 'json' | 'csv',
  options: ParseUnitsOptions,
  earlierProblems: RowProblem[] = [],
): UnitTree {
  const n = rows.length;
  if (n === 0) throw new InvalidInputError(WHAT, [{ path: 'rows', message: 'contains no units' }]);

  const problems: RowProblem[] = earlierProblems;
  const labelOf = (row: number) => (format === 'csv' ? `CSV line ${rows[row].line}` : `row ${row}`);
  const ids: (string | undefined)[] = new Array(n);
  const who = (row: number) => (ids[row] ? `unit "${ids[row]}" (${labelOf(row)})` : labelOf(row));

  // 1. Each row on its own.
  const parsed: (UnitRow | undefined)[] = new Array(n);
  const parentIds: (string | null | undefined)[] = new Array(n);
  const claimed = new Set<string>(); // every id a row tries to have, valid or not
  for (let row = 0; row < n; row++) {
    const input = rows[row].input;
    const rawId = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : undefined;
    if (typeof rawId === 'string' && rawId.trim() !== '') claimed.add(rawId.trim());

    const result = unitRowSchema.safeParse(input);
    if (result.success) {
      parsed[row] = result.data;
      ids[row] = result.data.id;
      parentIds[row] = result.data.parentId;
      continue;
    }
    // Still place the row in the tree when its id and parent are fine, so that
    // duplicate, parent and cycle problems are reported alongside the others.
    const structure = structureSchema.safeParse(input);
    if (structure.success) {
      ids[row] = structure.data.id;
      parentIds[row] = structure.data.parentId;
    }
    for (const issue of result.error.issues) {
      problems.push(rowIssue(row, issue, input, format, who(row)));
    }
  }

  // 2. Duplicate ids: the first row keeps the id.
  const indexOf = new Map<string, number>();
  const parent = new Int32Array(n).fill(NOT_A_NODE);
  for (let row = 0; row < n; row++) {
    const id = ids[row];
    if (id === undefined) continue;
    const first = indexOf.get(id);
    if (first !== undefined) {
      problems.push({
        row,
        path: `rows.${row}.id`,
        message: `${who(row)}: the id "${id}" is already used by ${labelOf(first)}; ids must be unique`,
      });
      continue;
    }
    indexOf.set(id, row);
    parent[row] = BROKEN; // a node; its parent is resolved below
  }

  // 3. Parents.
  const external = new Set<string>();
  for (let row = 0; row < n; row++) {
    if (parent[row] === NOT_A_NODE) continue;
    const parentId = parentIds[row];
    if (parentId === null || parentId === undefined) {
      parent[row] = ROOT;
      continue;
    }
    const p = indexOf.get(parentId);
    if (p !== undefined) {
      parent[row] = p;
    } else if (claimed.has(parentId)) {
      parent[row] = BROKEN; // that row is itself in error, reported there
    } else if (options.allowExternalParents) {
      parent[row] = ROOT;
      external.add(parentId);
    } else {
      parent[row] = BROKEN;
      problems.push({
        row,
        path: `rows.${row}.parentId`,
        message: `${who(row)}: the parent "${parentId}" is not a unit of the file`,
      });
    }
  }

  // 4. Children lists (CSR), then breadth-first from the roots: topological order, depths, paths.
  const childStart = new Int32Array(n + 1);
  for (let row = 0; row < n; row++) if (parent[row] >= 0) childStart[parent[row] + 1]++;
  for (let row = 0; row < n; row++) childStart[row + 1] += childStart[row];
  const children = new Int32Array(childStart[n]);
  const fill = childStart.slice(0, n);
  for (let row = 0; row < n; row++) if (parent[row] >= 0) children[fill[parent[row]]++] = row;

  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const depth = new Int32Array(n);
  const reached = new Uint8Array(n);
  const paths: string[] = new Array(n);
  for (let row = 0; row < n; row++) {
    if (parent[row] !== ROOT) continue;
    order[tail++] = row;
    reached[row] = 1;
    paths[row] = PATH_SEPARATOR + ids[row] + PATH_SEPARATOR;
  }
  while (head < tail) {
    const row = order[head++];
    for (let c = childStart[row]; c < childStart[row + 1]; c++) {
      const child = children[c];
      reached[child] = 1;
      order[tail++] = child;
      depth[child] = depth[row] + 1;
      if (depth[child] <= MAX_UNIT_DEPTH) {
        paths[child] = paths[row] + ids[child] + PATH_SEPARATOR;
      } else if (depth[child] === MAX_UNIT_DEPTH + 1) {
        problems.push({
          row: child,
          path: `rows.${child}.parentId`,
          message:
            `${who(child)} is ${depth[child] + 1} levels deep (under "${pathIds(paths[row])[0]}"); ` +
            `a tree may have at most ${MAX_UNIT_DEPTH + 1} levels`,
        });
      }
    }
  }

  // 5. Nodes not reached from a root hang in or under a cycle: walk up parent
  //    links, marking each walk, and report each cycle once.
  const walk = new Int32Array(n);
  let walkId = 0;
  for (let start = 0; start < n; start++) {
    if (parent[start] < 0 || reached[start] || walk[start]) continue;
    walkId++;
    let row = start;
    while (row >= 0 && !walk[row] && !reached[row]) {
      walk[row] = walkId;
      row = parent[row];
    }
    if (row < 0 || walk[row] !== walkId) continue;
    const cycle: number[] = [row];
    for (let next = parent[row]; next !== row; next = parent[next]) cycle.push(next);
    let first = 0;
    for (let k = 1; k < cycle.length; k++) if (cycle[k] < cycle[first]) first = k;
    const members = [...cycle.slice(first), ...cycle.slice(0, first)];
    const shown = members.slice(0, 50).map((m) => `"${ids[m]}" (${labelOf(m)})`);
    if (members.length > 50) shown.push(`… ${members.length - 50} more`);
    problems.push({
      row: members[0],
      path: `rows.${members[0]}.parentId`,
      message:
        members.length === 1
          ? `${who(members[0])} is its own parent`
          : `${who(members[0])} is in a cycle of parents: ${shown.join(' → ')} → "${ids[members[0]]}"`,
    });
  }

  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    throw new InvalidInputError(
      WHAT,
      problems.map(({ path, message }) => ({ path, message })),
    );
  }

  const units: TreeUnit[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const unit = parsed[row] as UnitRow;
    units[k] = {
      id: unit.id,
      parentId: unit.parentId,
      name: unit.name,
      type: unit.type,
      secretary: unit.secretary,
      supervisors: unit.supervisors,
      tags: unit.tags,
      path: paths[row],
      depth: depth[row],
      source: { row, ...(rows[row].line !== undefined ? { line: rows[row].line } : {}), label: labelOf(row) },
    };
  }
  return { units, externalParentIds: [...external] } as unknown as UnitTree;
}

function rowIssue(row: number, issue: z.core.$ZodIssue, input: unknown, format: 'json' | 'csv', who: string): RowProblem {
  const fieldPath = issue.path.map(String).join('.');
  const path = fieldPath ? `rows.${row}.${fieldPath}` : `rows.${row}`;
  let field = fieldPath;
  if (format === 'csv') field = CSV_COLUMN_OF[fieldPath] ?? CSV_COLUMN_OF[fieldPath.split('.')[0]] ?? fieldPath;
  let value: unknown = input;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as never)[key] : undefined;
  const shown = typeof value === 'string' && value.trim() !== '' && value.length <= 80 ? ` "${value}"` : '';
  const subject = field ? `${who}, ${field}${shown}` : who;
  return { row, path, message: `${subject}: ${issue.message}` };
}

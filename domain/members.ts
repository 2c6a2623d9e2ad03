/**
 * Members (黨員) of a unit, imported like the unit tree: a JSON list or a CSV
 * file, validated as a whole, every problem named with its row.
 *
 * Only what the campaign needs is kept: an id, the unit that runs the member's
 * campaign, a name, a role and, for a floating member (流動黨員), the unit the
 * member flowed out of. Workflows carry member ids only, never these records.
 *
 * Floating members: the inflow unit (流入地黨組織), where the member now
 * lives and takes part, runs the member's campaign, so it is the member's
 * `unitId`; the outflow unit (流出地黨組織), where the membership comes from,
 * may read the member's campaign but not change it.
 *
 * Pure: no I/O.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { z } from 'zod';
import { MEMBER_ROLES, type MemberRole } from './labels';
import { unitIdSchema } from './units';
import { InvalidInputError, type InputProblem } from './validation';

export const memberRoleSchema = z.enum(Object.keys(MEMBER_ROLES) as [MemberRole, ...MemberRole[]], {
  error: `must be one of ${Object.keys(MEMBER_ROLES).join(', ')}`,
});

/** A member id: letters, digits and "_.:-", as unit ids (it appears in workflow ids and ledger keys). */
export const memberIdSchema = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be text') })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1–64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit');

const absentIfEmpty = (value: unknown) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value);

const flagSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (text === '' || text === 'false' || text === 'no' || text === '0' || text === '否') return false;
    if (text === 'true' || text === 'yes' || text === '1' || text === '是') return true;
    return value;
  },
  z.boolean({ error: 'must be true or false' }),
);

/** One row of a member file. `unitId` may be left out when the file is imported for one unit. */
export const memberRowSchema = z.strictObject({
  id: memberIdSchema,
  unitId: z.preprocess(absentIfEmpty, unitIdSchema.optional()),
  name: z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters'),
  /** Left out or empty: a member. */
  role: z.preprocess((value) => {
    const given = absentIfEmpty(value);
    return typeof given === 'string' ? given.trim() : (given ?? 'member');
  }, memberRoleSchema),
  floating: z.preprocess((value) => absentIfEmpty(value) ?? false, flagSchema),
  /** For a floating member: must be the unit itself (the inflow unit runs the member's campaign); may be left out. */
  inflowUnitId: z.preprocess(absentIfEmpty, unitIdSchema.optional()),
  /** For a floating member: the unit the member flowed out of; it may read, not change. */
  outflowUnitId: z.preprocess(absentIfEmpty, unitIdSchema.optional()),
});

/** A validated member, as stored. */
export interface Member {
  id: string;
  unitId: string;
  name: string;
  role: MemberRole;
  floating: boolean;
  /** The outflow unit of a floating member; null otherwise. */
  outflowUnitId: string | null;
}

export interface MemberSource {
  /** 0-based index among the file's members (the `rows.<row>` of problem paths). */
  row: number;
  /** e.g. 'row 12' or 'CSV line 14'. */
  label: string;
}

export interface ParsedMember extends Member {
  source: MemberSource;
}

declare const validatedMemberFile: unique symbol;

/** A validated member file, only made by {@link parseMembersJson} and {@link parseMembersCsv}. */
export interface MemberFile {
  readonly members: readonly ParsedMember[];
  readonly [validatedMemberFile]: true;
}

/**
 * A member file with problems. It also carries the rows that were fine on
 * their own, so that the importer can add what only the database knows (ids
 * that exist, unknown units) and list every problem in one answer.
 */
export class InvalidMemberFileError extends InvalidInputError {
  constructor(
    readonly rowProblems: ReadonlyArray<InputProblem & { row: number }>,
    readonly validMembers: readonly ParsedMember[],
  ) {
    super(WHAT, sortedProblems(rowProblems));
  }
}

/** Problems in row order (a header or file problem first), without their row numbers. */
export function sortedProblems(problems: ReadonlyArray<InputProblem & { row: number }>): InputProblem[] {
  return [...problems].sort((a, b) => a.row - b.row).map(({ path, message }) => ({ path, message }));
}

export interface ParseMembersOptions {
  /** The unit the file is imported for: rows without a unitId belong to it, rows of another unit are refused. */
  forUnitId?: string;
}

export const MEMBER_CSV_COLUMNS = ['id', 'unit_id', 'name', 'role', 'floating', 'inflow_unit_id', 'outflow_unit_id'] as const;
type CsvColumn = (typeof MEMBER_CSV_COLUMNS)[number];
const CSV_COLUMN_OF: Record<string, CsvColumn> = {
  id: 'id',
  unitId: 'unit_id',
  name: 'name',
  role: 'role',
  floating: 'floating',
  inflowUnitId: 'inflow_unit_id',
  outflowUnitId: 'outflow_unit_id',
};

const WHAT = 'member file';

interface SourceRow {
  input: unknown;
  line?: number;
}

/** Parses a JSON member file: a list of rows or `{ "members": [rows] }`. Throws {@link InvalidInputError} listing every problem. */
export function parseMembersJson(input: unknown, options: ParseMembersOptions = {}): MemberFile {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new InvalidInputError(WHAT, [{ path: '(root)', message: `is not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const rows = Array.isArray(document) ? document : (document as { members?: unknown } | null)?.members;
  if (!Array.isArray(rows)) {
    throw new InvalidInputError(WHAT, [{ path: '(root)', message: 'must be a list of members, or an object { "members": [...] }' }]);
  }
  return buildFile(
    rows.map((row) => ({ input: row })),
    'json',
    options,
  );
}

/** Parses a CSV member file with the header `id,unit_id,name,role,floating,inflow_unit_id,outflow_unit_id` (unit_id and the floating columns may be left out). */
export function parseMembersCsv(text: string, options: ParseMembersOptions = {}): MemberFile {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parseCsvSync(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as never;
  } catch (error) {
    throw new InvalidInputError(WHAT, [{ path: '(csv)', message: `is not valid CSV: ${(error as Error).message}` }]);
  }
  const records = parsed.filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (records.length === 0) throw new InvalidInputError(WHAT, [{ path: '(csv)', message: `is empty; the header must be ${MEMBER_CSV_COLUMNS.join(',')}` }]);
  const header = records[0].record.map((cell) => cell.trim().toLowerCase());
  const problems: InputProblem[] = [];
  const required: CsvColumn[] = ['id', 'name'];
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length) problems.push({ path: 'header', message: `is missing the column(s): ${missing.join(', ')}` });
  const unknown = header.filter((column) => !(MEMBER_CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length) {
    problems.push({ path: 'header', message: `has unknown column(s): ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${MEMBER_CSV_COLUMNS.join(',')}` });
  }
  const repeated = header.filter((column, i) => header.indexOf(column) !== i);
  if (repeated.length) problems.push({ path: 'header', message: `repeats the column(s): ${[...new Set(repeated)].join(', ')}` });
  if (problems.length) throw new InvalidInputError(WHAT, problems);

  const source: SourceRow[] = records.slice(1).map(({ record, info }) => {
    const cell = (column: CsvColumn) => {
      const at = header.indexOf(column);
      return at === -1 ? undefined : (record[at] ?? '');
    };
    const input: Record<string, string> = {};
    for (const column of MEMBER_CSV_COLUMNS) {
      const value = cell(column);
      const field = Object.keys(CSV_COLUMN_OF).find((key) => CSV_COLUMN_OF[key] === column)!;
      if (value !== undefined) input[field] = value;
    }
    // info.lines is the record's last line; a quoted cell may span several.
    const breaks = record.reduce((n, cell) => n + cell.split('\n').length - 1, 0);
    return { input, line: info.lines - breaks };
  });
  return buildFile(source, 'csv', options);
}

function buildFile(rows: SourceRow[], format: 'json' | 'csv', options: ParseMembersOptions): MemberFile {
  if (rows.length === 0) throw new InvalidInputError(WHAT, [{ path: 'rows', message: 'contains no members' }]);
  const problems: Array<InputProblem & { row: number }> = [];
  const labelOf = (row: number) => (format === 'csv' ? `CSV line ${rows[row].line}` : `row ${row}`);
  const members: ParsedMember[] = [];
  const firstRowOf = new Map<string, number>();

  rows.forEach(({ input }, row) => {
    const rawId = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : undefined;
    const who = typeof rawId === 'string' && rawId.trim() !== '' ? `member "${rawId.trim()}" (${labelOf(row)})` : labelOf(row);
    const problem = (field: string, message: string) => {
      const shownField = format === 'csv' ? (CSV_COLUMN_OF[field] ?? field) : field;
      problems.push({ row, path: `rows.${row}${field ? `.${field}` : ''}`, message: `${who}${shownField ? `, ${shownField}` : ''}: ${message}` });
    };
    const result = memberRowSchema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problem(issue.path.map(String).join('.'), issue.message);
      }
      return;
    }
    const data = result.data;
    const first = firstRowOf.get(data.id);
    if (first !== undefined) {
      problem('id', `the id "${data.id}" is already used by ${labelOf(first)}; ids must be unique`);
      return;
    }
    firstRowOf.set(data.id, row);
    const unitId = data.unitId ?? options.forUnitId;
    if (unitId === undefined) {
      problem('unitId', 'is required: the unit that runs the member\'s campaign (for a floating member, the inflow unit)');
      return;
    }
    if (options.forUnitId !== undefined && unitId !== options.forUnitId) {
      problem(
        'unitId',
        `belongs to unit "${unitId}", not to "${options.forUnitId}": a member of another unit is imported by that unit (POST /units/${unitId}/members/import) or by the campaign office (POST /members/import)`,
      );
      return;
    }
    if (data.floating) {
      if (data.outflowUnitId === undefined) {
        problem('outflowUnitId', 'is required for a floating member (流動黨員): the unit the member flowed out of');
        return;
      }
      if (data.outflowUnitId === unitId) {
        problem('outflowUnitId', `is the member's own unit "${unitId}"; a floating member flows out of another unit`);
        return;
      }
      if (data.inflowUnitId !== undefined && data.inflowUnitId !== unitId) {
        problem(
          'inflowUnitId',
          `is "${data.inflowUnitId}" but the member belongs to "${unitId}": the inflow unit runs a floating member's campaign, so it is the member's unit; give unitId "${data.inflowUnitId}" or leave inflowUnitId out`,
        );
        return;
      }
    } else if (data.outflowUnitId !== undefined || data.inflowUnitId !== undefined) {
      problem(data.outflowUnitId !== undefined ? 'outflowUnitId' : 'inflowUnitId', 'is for a floating member only; set floating to true, or leave the inflow and outflow units out');
      return;
    }
    members.push({
      id: data.id,
      unitId,
      name: data.name,
      role: data.role,
      floating: data.floating,
      outflowUnitId: data.floating ? data.outflowUnitId! : null,
      source: { row, label: labelOf(row) },
    });
  });
  if (problems.length) throw new InvalidMemberFileError(problems, members);
  return { members } as unknown as MemberFile;
}

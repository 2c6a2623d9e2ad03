/** The problems a refusal lists (a unit file's rows, a plan's paths), as a table or a file. */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMN_OF } from '../domain/units';
import { refused } from './errors';
import { bi } from './output';

export interface Problem {
  path: string;
  message: string;
}

/** A problem of an imported file: the 1-based row (unit) it is about, the field, and what is wrong. */
export interface RowProblem {
  row: number | null;
  field: string;
  message: string;
}

/** `rows.3.secretary.email` → row 4, field secretary_email (CSV) or secretary.email (JSON). */
export function rowProblem(problem: Problem, format: 'csv' | 'json'): RowProblem {
  const match = /^rows\.(\d+)(?:\.(.+))?$/.exec(problem.path);
  if (!match) return { row: null, field: problem.path, message: problem.message };
  const fieldPath = match[2] ?? '';
  const field = format === 'csv' ? (CSV_COLUMN_OF[fieldPath] ?? CSV_COLUMN_OF[fieldPath.split('.')[0]] ?? fieldPath) : fieldPath;
  return { row: Number(match[1]) + 1, field, message: problem.message };
}

export const ROW_PROBLEM_HEADERS = [bi('行', 'row'), bi('字段', 'field'), bi('問題', 'problem')];

/** Writes the problems as CSV (with a BOM, for Excel) or, for a .json name, as JSON. */
export function writeProblemsFile(file: string, problems: RowProblem[]): void {
  const content =
    path.extname(file).toLowerCase() === '.json'
      ? `${JSON.stringify(problems, null, 2)}\n`
      : stringify(
          problems.map((p) => [p.row ?? '', p.field, p.message]),
          { header: true, columns: ['row', 'field', 'message'], bom: true },
        );
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    throw refused(`${bi('無法寫入文件', 'cannot write the file')} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

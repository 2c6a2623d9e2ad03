/**
 * Replies held to the schemas the OpenAPI document shows for them: a reply that
 * fails its schema, or carries fields the schema does not know (zod strips
 * those silently, so they would reach clients undocumented), is reported. The
 * test suite turns this on for every API test (test/api/support.ts); a
 * deployment may too, to log drift in staging.
 */
import type { z } from 'zod';

export interface ReplyMismatch {
  route: string;
  status: number;
  problems: string[];
}

export type ReplyCheck = (mismatch: ReplyMismatch) => void;

/** Paths present in `raw` that parsing dropped: fields the schema does not declare. */
function undeclaredPaths(raw: unknown, parsed: unknown, path: string, out: string[]): void {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((item, index) => undeclaredPaths(item, parsed[index], `${path}[${index}]`, out));
    return;
  }
  if (raw === null || typeof raw !== 'object' || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue; // JSON drops it anyway
    const next = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(parsed, key)) out.push(`${next}: not in the documented schema`);
    else undeclaredPaths(value, (parsed as Record<string, unknown>)[key], next, out);
  }
}

/** What is wrong with `body` as a reply of `schema`; empty when it matches. */
export function replyProblems(schema: z.ZodType, body: unknown): string[] {
  // As the client will see it: through JSON.
  const wire = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const result = schema.safeParse(wire);
  if (!result.success) return result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  const problems: string[] = [];
  undeclaredPaths(wire, result.data, '', problems);
  return problems;
}

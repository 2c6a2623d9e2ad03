/**
 * A pool that records the SQL a repository sends, so that tests check the plan
 * of the query the code really runs, not of a copy that can drift from it.
 */
import type pg from 'pg';

export interface SentQuery {
  text: string;
  values: unknown[];
}

export function capturingPool(pool: pg.Pool): { pool: pg.Pool; sent: SentQuery[] } {
  const sent: SentQuery[] = [];
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (text: string | pg.QueryConfig, values?: unknown[]) => {
        const query = typeof text === 'string' ? { text, values: values ?? [] } : { text: text.text, values: text.values ?? values ?? [] };
        sent.push(query);
        return target.query(query.text, query.values as unknown[]);
      };
    },
  });
  return { pool: proxy, sent };
}

/** `EXPLAIN` of a sent query with its own parameters, as one text. */
export async function explainSent(pool: pg.Pool, query: SentQuery): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** The one sent query whose text matches `pattern`; fails when none or several do. */
export function onlySent(sent: readonly SentQuery[], pattern: RegExp): SentQuery {
  const matching = sent.filter((query) => pattern.test(query.text));
  if (matching.length !== 1) throw new Error(`expected one query matching ${pattern}, the repository sent ${matching.length}: ${sent.map((q) => q.text.slice(0, 80)).join(' | ')}`);
  return matching[0];
}

/** Campaign ids a page at a time, for work that goes over every campaign (a holiday calendar broadcast). */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

/** Up to `limit` campaign ids after `after`, in id order. */
export async function campaignIdsPage(db: Queryable, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM campaigns WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit]);
  return rows.map((row) => row.id);
}

/** How many campaigns there are. */
export async function campaignCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns');
  return rows[0].n;
}

/** Campaign definitions (table `campaigns`): the plan as the office defined it. */
import type { Plan } from '../../domain/plan';
import type { Queryable } from './transaction';

export interface CampaignRecord {
  id: string;
  name: { zh: string; en: string };
  plan: Plan;
  createdBy: string;
  createdAt: string;
}

export function createCampaignsRepository(db: Queryable) {
  return {
    /** False when a campaign with this id exists: nothing is written. */
    async create(record: Omit<CampaignRecord, 'createdAt'>): Promise<{ created: boolean }> {
      const result = await db.query(
        'INSERT INTO campaigns (id, name, plan, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [record.id, record.name, record.plan, record.createdBy],
      );
      return { created: result.rowCount === 1 };
    },

    async get(id: string): Promise<CampaignRecord | undefined> {
      const result = await db.query('SELECT * FROM campaigns WHERE id = $1', [id]);
      const row = result.rows[0];
      return row && { id: row.id, name: row.name, plan: row.plan, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
    },

    async list(): Promise<Array<Omit<CampaignRecord, 'plan'>>> {
      const result = await db.query('SELECT id, name, created_by, created_at FROM campaigns ORDER BY created_at');
      return result.rows.map((row) => ({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at.toISOString() }));
    },

    /** Up to `limit` campaign ids after `after`, in id order: for work that goes over every campaign (a calendar broadcast). */
    async idsPage(after: string | null, limit: number): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM campaigns WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit]);
      return rows.map((row) => row.id);
    },

    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns');
      return rows[0].n;
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;

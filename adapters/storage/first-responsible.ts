/** 第一責任人: the person named for a unit in a campaign, when changed from its secretary. */
import type { Queryable } from './transaction';

export interface FirstResponsiblePerson {
  name: string;
  email?: string;
  phone?: string;
}

export interface FirstResponsibleRecord {
  person: FirstResponsiblePerson;
  namedBy: string;
  namedAt: string;
  reason: string;
}

export function createFirstResponsibleRepository(db: Queryable) {
  return {
    /** The latest naming wins: a row older than the one stored does not replace it. */
    async name(campaignId: string, unitId: string, record: FirstResponsibleRecord): Promise<void> {
      await db.query(
        `INSERT INTO first_responsible_persons (campaign_id, unit_id, person, named_by, named_at, reason)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6)
         ON CONFLICT (campaign_id, unit_id) DO UPDATE
           SET person = EXCLUDED.person, named_by = EXCLUDED.named_by, named_at = EXCLUDED.named_at, reason = EXCLUDED.reason
           WHERE first_responsible_persons.named_at <= EXCLUDED.named_at`,
        [campaignId, unitId, JSON.stringify(record.person), record.namedBy, record.namedAt, record.reason],
      );
    },

    async get(campaignId: string, unitId: string): Promise<FirstResponsibleRecord | undefined> {
      const { rows } = await db.query<{ person: FirstResponsiblePerson; named_by: string; named_at: Date; reason: string }>(
        'SELECT person, named_by, named_at, reason FROM first_responsible_persons WHERE campaign_id = $1 AND unit_id = $2',
        [campaignId, unitId],
      );
      const row = rows[0];
      return row && { person: row.person, namedBy: row.named_by, namedAt: row.named_at.toISOString(), reason: row.reason };
    },
  };
}

export type FirstResponsibleRepository = ReturnType<typeof createFirstResponsibleRepository>;

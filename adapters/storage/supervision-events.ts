/** Supervision events (隨機抽查, 明查暗訪, hearings, forums) as the ledger recorded them. */
import type { Queryable } from './transaction';

export function createSupervisionEventsRepository(db: Queryable) {
  return {
    /** A supervision event's campaign-level ledger payload and who recorded it, if it was. */
    async recorded(campaignId: string, eventId: string): Promise<{ actor: string; payload: Record<string, unknown> } | undefined> {
      const { rows } = await db.query<{ actor: string; payload: Record<string, unknown> }>(
        'SELECT actor, payload FROM ledger WHERE idempotency_key = $1 AND campaign_id = $2',
        [`${campaignId}/campaign/supervision/${eventId}`, campaignId],
      );
      return rows[0];
    },
  };
}

export type SupervisionEventsRepository = ReturnType<typeof createSupervisionEventsRepository>;

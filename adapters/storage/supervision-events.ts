/** Supervision events (隨機抽查, 明查暗訪, hearings, forums) as the ledger recorded them. */
import type { Queryable } from './transaction';

export function createSupervisionEventsRepository(db: Queryable) {
  return {
    /** A supervision event's campaign-level ledger payload and who recorded it, if it was. */
    async recorded(campaignId: string, eventId: string): Promise<{ actor: string; payload: Record<string, unknown> } | undefined> {
      const { rows } = await db.query<{ actor: string; payload: Record<string, unknown> }>(
        // The campaign-level row: its unit rows carry the event id too, and a unit.
        'SELECT actor, payload FROM ledger WHERE campaign_id = $1 AND event_id = $2 AND unit_id IS NULL',
        [campaignId, eventId],
      );
      return rows[0];
    },
  };
}

export type SupervisionEventsRepository = ReturnType<typeof createSupervisionEventsRepository>;

/** Supervision events (隨機抽查, 明查暗訪, hearings, forums) as the ledger recorded them. */
import { ledgerKeys } from '../../contracts/ledger-keys';
import type { Queryable } from './transaction';

export function createSupervisionEventsRepository(db: Queryable) {
  return {
    /** A supervision event's campaign-level ledger payload and who recorded it, if it was. */
    async recorded(campaignId: string, eventId: string): Promise<{ actor: string; payload: Record<string, unknown> } | undefined> {
      // By the campaign-level row's exact key: event ids may contain "/" (a scheduled spot check's
      // `spot-check/<phase>/<date>`), which the key-part columns do not take apart.
      const { rows } = await db.query<{ actor: string; payload: Record<string, unknown> }>(
        'SELECT actor, payload FROM ledger WHERE idempotency_key = $1 AND campaign_id = $2',
        [ledgerKeys.supervision(campaignId, eventId), campaignId],
      );
      return rows[0];
    },

    /** A ledger row of the campaign's supervision by its exact key (a scheduled sample's draw), if written. */
    async byKey(campaignId: string, key: string): Promise<{ actor: string; payload: Record<string, unknown> } | undefined> {
      const { rows } = await db.query<{ actor: string; payload: Record<string, unknown> }>('SELECT actor, payload FROM ledger WHERE idempotency_key = $1 AND campaign_id = $2', [key, campaignId]);
      return rows[0];
    },
  };
}

export type SupervisionEventsRepository = ReturnType<typeof createSupervisionEventsRepository>;

/**
 * Rectification item rows (整改) written by activities: the row's status is
 * kept by the item's own workflow, in the transaction of the ledger row that
 * records the transition, so that a read never has to write it.
 */
import type pg from 'pg';
import type { RectificationItemStatus } from './campaigns-repository';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface RectificationItemState {
  campaignId: string;
  unitId: string;
  itemId: string;
  status: RectificationItemStatus;
  /** reports + send-backs (+1 once verified): an older state never overwrites a newer one. */
  revision: number;
}

/** Records the state an item's workflow moved to; a lower revision changes nothing. */
export async function recordRectificationStateInTransaction(client: Queryable, s: RectificationItemState): Promise<void> {
  await client.query(
    `UPDATE rectification_items SET status = $4, revision = $5, updated_at = now()
     WHERE campaign_id = $1 AND unit_id = $2 AND item_id = $3 AND revision < $5`,
    [s.campaignId, s.unitId, s.itemId, s.status, s.revision],
  );
}

/**
 * Rectification items (整改) opened through the API (table
 * `rectification_items`): an index of the items, one workflow each. The
 * workflow holds the state; `status` follows it, forward only by `revision`.
 */
import { scopeSql, type ReadScope } from './read-scope';
import type { Queryable } from './transaction';

export type RectificationItemStatus = 'open' | 'reported' | 'sent_back' | 'verified';

export interface RectificationItemRecord {
  campaignId: string;
  unitId: string;
  itemId: string;
  workflowId: string;
  source: string;
  description: string;
  dueDate: string;
  openedBy: string;
  openedAt: string;
  status: RectificationItemStatus;
  revision: number;
}

/** A row of rectification_items as pg returns it. */
interface RectificationItemRow {
  campaign_id: string;
  unit_id: string;
  item_id: string;
  workflow_id: string;
  source: string;
  description: string;
  due_date: string;
  opened_by: string;
  opened_at: Date;
  status: RectificationItemStatus;
  revision: number;
}

const toItem = (row: RectificationItemRow): RectificationItemRecord => ({
  campaignId: row.campaign_id,
  unitId: row.unit_id,
  itemId: row.item_id,
  workflowId: row.workflow_id,
  source: row.source,
  description: row.description,
  dueDate: row.due_date,
  openedBy: row.opened_by,
  openedAt: row.opened_at.toISOString(),
  status: row.status,
  revision: row.revision,
});

export function createRectificationItemsRepository(db: Queryable) {
  return {
    /** Inserts an item's row (inside the transaction that starts its workflow); false when it exists. */
    async insert(item: Omit<RectificationItemRecord, 'openedAt' | 'status' | 'revision'>): Promise<boolean> {
      const result = await db.query(
        `INSERT INTO rectification_items (campaign_id, unit_id, item_id, workflow_id, source, description, due_date, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT DO NOTHING`,
        [item.campaignId, item.unitId, item.itemId, item.workflowId, item.source, item.description, item.dueDate, item.openedBy],
      );
      return result.rowCount === 1;
    },

    async get(campaignId: string, unitId: string, itemId: string): Promise<RectificationItemRecord | undefined> {
      const { rows } = await db.query<RectificationItemRow>('SELECT * FROM rectification_items WHERE campaign_id = $1 AND unit_id = $2 AND item_id = $3', [campaignId, unitId, itemId]);
      return rows[0] && toItem(rows[0]);
    },

    /** A unit's items, oldest first. */
    async listForUnit(campaignId: string, unitId: string): Promise<RectificationItemRecord[]> {
      const { rows } = await db.query<RectificationItemRow>(
        'SELECT * FROM rectification_items WHERE campaign_id = $1 AND unit_id = $2 ORDER BY opened_at, item_id',
        [campaignId, unitId],
      );
      return rows.map(toItem);
    },

    /** Items not yet verified, a page at a time in key order: those a change of schedule concerns. */
    async outstandingPage(
      campaignId: string,
      after: { unitId: string; itemId: string } | null,
      limit: number,
    ): Promise<Array<{ unitId: string; itemId: string; workflowId: string; openedAt: number }>> {
      const { rows } = await db.query(
        `SELECT unit_id, item_id, workflow_id, opened_at FROM rectification_items
         WHERE campaign_id = $1 AND status <> 'verified' AND (unit_id, item_id) > ($2, $3)
         ORDER BY unit_id, item_id LIMIT $4`,
        [campaignId, after?.unitId ?? '', after?.itemId ?? '', limit],
      );
      return rows.map((row) => ({ unitId: row.unit_id, itemId: row.item_id, workflowId: row.workflow_id, openedAt: row.opened_at.getTime() }));
    },

    /** Items not yet verified in the scope (joined to units by path), soonest due first. */
    async outstandingInScope(campaignId: string, scope: ReadScope, limit: number): Promise<RectificationItemRecord[]> {
      const params: unknown[] = [campaignId];
      // The scope conditions name `s.unit_path`/`s.unit_id`: here `s` is the unit's row.
      const where = scopeSql(scope, params);
      params.push(limit);
      const { rows } = await db.query<RectificationItemRow>(
        `SELECT r.* FROM rectification_items r
         JOIN (SELECT u.id AS unit_id, u.path AS unit_path FROM units u) s ON s.unit_id = r.unit_id
         WHERE r.campaign_id = $1 AND r.status <> 'verified' AND ${where}
         ORDER BY r.due_date, r.unit_id, r.item_id
         LIMIT $${params.length}`,
        params,
      );
      return rows.map(toItem);
    },

    /** Records the state a workflow reported; an older revision never overwrites a newer one. */
    async recordState(campaignId: string, unitId: string, itemId: string, status: RectificationItemStatus, revision: number): Promise<void> {
      await db.query(
        `UPDATE rectification_items SET status = $4, revision = $5, updated_at = now()
         WHERE campaign_id = $1 AND unit_id = $2 AND item_id = $3 AND revision < $5`,
        [campaignId, unitId, itemId, status, revision],
      );
    },
  };
}

export type RectificationItemsRepository = ReturnType<typeof createRectificationItemsRepository>;

/** The state an item's workflow records with each transition (report, send-back, verification). */
export interface RectificationItemState {
  campaignId: string;
  unitId: string;
  itemId: string;
  status: RectificationItemStatus;
  /** reports + send-backs (+1 once verified): an older state never overwrites a newer one. */
  revision: number;
}

/**
 * A generated read model of 101,011 units (a root, 10 regions, 1,000
 * committees, 100,000 branches) for one campaign, with lights by a hash of the
 * unit id, for the overdue dashboard's test and its benchmark.
 */
import type pg from 'pg';

export const BOARD_CAMPAIGN = 'bench';
export const BOARD_TOTAL_UNITS = 1 + 10 + 1_000 + 100_000;
/** The supervisor listed on region g3 (10,101 units). */
export const BOARD_REGION_SUPERVISOR = 'sup';

/** light by a hash of the id: about 80 % green, 12 % yellow, 8 % red. */
const GENERATE = `
  INSERT INTO units (id, parent_id, name, type, path, depth) VALUES ('root', NULL, '總黨委', 'agency', '/root/', 0);
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g, 'root', '片區黨委' || g, 'agency', '/root/g' || g || '/', 1 FROM generate_series(0, 9) g;
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g || '-c' || c, 'g' || g, '機關黨委' || g || '-' || c, 'agency', '/root/g' || g || '/g' || g || '-c' || c || '/', 2
    FROM generate_series(0, 9) g, generate_series(0, 99) c;
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g || '-c' || c || '-b' || b, 'g' || g || '-c' || c, '黨支部' || g || '-' || c || '-' || b, 'agency',
           '/root/g' || g || '/g' || g || '-c' || c || '/g' || g || '-c' || c || '-b' || b || '/', 3
    FROM generate_series(0, 9) g, generate_series(0, 99) c, generate_series(0, 99) b;
  INSERT INTO unit_supervisors (unit_id, supervisor_id) VALUES ('g3', 'sup');
  INSERT INTO campaigns (id, name, plan, created_by) VALUES ('bench', '{"zh":"基準","en":"bench"}',
    '{"id":"bench","phases":[{"id":"advancement","tasks":[{"id":"t1","title":{"zh":"任務一","en":"task one"}},{"id":"t2","title":{"zh":"任務二","en":"task two"}},{"id":"t3","title":{"zh":"任務三","en":"task three"}}]}]}', 'office');
  INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version)
    SELECT 'bench', id, 'advancement', 'running',
           jsonb_build_array(
             jsonb_build_object('taskId', 't1', 'status', 'approved', 'dueDate', '2025-06-30', 'overdue', false, 'rung', null, 'light', 'green'),
             jsonb_build_object('taskId', 't2', 'status', 'open', 'dueDate', '2025-07-31', 'overdue', light <> 'green', 'rung', rung, 'light', light),
             jsonb_build_object('taskId', 't3', 'status', 'open', 'dueDate', '2025-12-31', 'overdue', false, 'rung', null, 'light', 'green')),
           CASE light WHEN 'green' THEN 0 ELSE 1 END, rung, light, 1
    FROM (
      SELECT id, light,
             CASE light WHEN 'green' THEN NULL
                        WHEN 'yellow' THEN (ARRAY['reminder', 'warning'])[1 + h % 2]
                        ELSE (ARRAY['listed_supervision', 'circulated_criticism', 'accountability'])[1 + h % 3] END AS rung
      FROM (SELECT id, h, CASE WHEN h < 820 THEN 'green' WHEN h < 943 THEN 'yellow' ELSE 'red' END AS light
            FROM (SELECT id, (hashtext(id) & 1023) AS h FROM units) hashed) lit
    ) generated;
  ANALYZE units;
  ANALYZE unit_campaign_state;
`;

/** Writes the units, the supervisor of region g3, the campaign and its read model, then analyses them. */
export async function generateBoardReadModel(pool: pg.Pool): Promise<void> {
  await pool.query(GENERATE);
}

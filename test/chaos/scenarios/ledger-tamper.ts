/**
 * The ledger tamper drill. Chains of ledger rows are written the service's way
 * (adapters/storage/ledger.ts), their heads exported as anchors, then a
 * superuser edits, deletes and reorders rows with the append-only trigger
 * switched off (session_replication_role = replica). Each tampering must be
 * detected: by verifyChain, or, for a cut tail or a consistently re-hashed tail
 * that no chain check can see, by the head differing from its anchor. Then the
 * application's role (campaign_app) tries UPDATE, DELETE and TRUNCATE: each must
 * be refused by its privileges.
 */
import type pg from 'pg';
import { createLedger, hashEntry } from '../../../adapters/storage/ledger';
import type { Scenario } from '../scenario';
import { database } from '../stack';

const ROWS = 12;

async function asSuperuser(pool: pg.Pool, statements: string[], params: unknown[][] = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica'); // triggers off: only a superuser may
    for (const [i, sql] of statements.entries()) await client.query(sql, params[i] ?? []);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Re-hashes rows from `fromSeq` to the end, as a forger who knows the hash rule would. */
async function rehashFrom(pool: pg.Pool, campaign: string, fromSeq: number): Promise<void> {
  const { rows } = await pool.query('SELECT * FROM ledger WHERE campaign_id = $1 AND seq >= $2 ORDER BY seq', [campaign, fromSeq - 1]);
  let prevHash = rows[0].hash as string;
  for (const row of rows.slice(1)) {
    const hash = hashEntry({ campaignId: row.campaign_id, seq: Number(row.seq), key: row.idempotency_key, unitId: row.unit_id, kind: row.kind, actor: row.actor, payload: row.payload, occurredAt: row.occurred_at.toISOString(), prevHash });
    await asSuperuser(pool, ['UPDATE ledger SET prev_hash = $3, hash = $4 WHERE campaign_id = $1 AND seq = $2'], [[campaign, row.seq, prevHash, hash]]);
    prevHash = hash;
  }
}

const TAMPERINGS: Array<{ name: string; tamper: (pool: pg.Pool, c: string) => Promise<void> }> = [
  { name: 'edit payload', tamper: (p, c) => asSuperuser(p, [`UPDATE ledger SET payload = '{"evidence":"forged"}' WHERE campaign_id = $1 AND seq = 5`], [[c]]) },
  { name: 'edit kind', tamper: (p, c) => asSuperuser(p, [`UPDATE ledger SET kind = 'task.approved' WHERE campaign_id = $1 AND seq = 5`], [[c]]) },
  { name: 'edit actor', tamper: (p, c) => asSuperuser(p, [`UPDATE ledger SET actor = 'someone-else' WHERE campaign_id = $1 AND seq = 5`], [[c]]) },
  { name: 'edit time', tamper: (p, c) => asSuperuser(p, [`UPDATE ledger SET occurred_at = occurred_at - interval '3 days' WHERE campaign_id = $1 AND seq = 5`], [[c]]) },
  { name: 'edit key column', tamper: (p, c) => asSuperuser(p, [`UPDATE ledger SET task_id = 'other-task' WHERE campaign_id = $1 AND seq = 5`], [[c]]) },
  { name: 'delete a middle row', tamper: (p, c) => asSuperuser(p, ['DELETE FROM ledger WHERE campaign_id = $1 AND seq = 6'], [[c]]) },
  {
    name: 'delete a middle row and renumber',
    // One row at a time, upwards: the primary key is checked row by row.
    tamper: (p, c) =>
      asSuperuser(
        p,
        ['DELETE FROM ledger WHERE campaign_id = $1 AND seq = 6', ...Array.from({ length: ROWS - 6 }, (_, i) => `UPDATE ledger SET seq = ${6 + i} WHERE campaign_id = $1 AND seq = ${7 + i}`)],
        Array.from({ length: ROWS - 5 }, () => [c]),
      ),
  },
  { name: 'delete the last row', tamper: (p, c) => asSuperuser(p, [`DELETE FROM ledger WHERE campaign_id = $1 AND seq = ${ROWS}`], [[c]]) },
  { name: 'truncate the chain', tamper: (p, c) => asSuperuser(p, ['DELETE FROM ledger WHERE campaign_id = $1'], [[c]]) },
  {
    name: 'swap two rows (reorder)',
    tamper: (p, c) => asSuperuser(p, ['UPDATE ledger SET seq = -1 WHERE campaign_id = $1 AND seq = 4', 'UPDATE ledger SET seq = 4 WHERE campaign_id = $1 AND seq = 5', 'UPDATE ledger SET seq = 5 WHERE campaign_id = $1 AND seq = -1'], [[c], [c], [c]]),
  },
  {
    name: 'edit and re-hash that row',
    tamper: async (p, c) => {
      await asSuperuser(p, [`UPDATE ledger SET payload = '{"forged":true}' WHERE campaign_id = $1 AND seq = 5`], [[c]]);
      const { rows: [r] } = await p.query('SELECT * FROM ledger WHERE campaign_id = $1 AND seq = 5', [c]);
      const hash = hashEntry({ campaignId: c, seq: 5, key: r.idempotency_key, unitId: r.unit_id, kind: r.kind, actor: r.actor, payload: r.payload, occurredAt: r.occurred_at.toISOString(), prevHash: r.prev_hash });
      await asSuperuser(p, ['UPDATE ledger SET hash = $2 WHERE campaign_id = $1 AND seq = 5'], [[c, hash]]);
    },
  },
  {
    name: 'edit and re-hash the whole tail',
    tamper: async (p, c) => {
      await asSuperuser(p, [`UPDATE ledger SET payload = '{"forged":true}' WHERE campaign_id = $1 AND seq = 5`], [[c]]);
      await rehashFrom(p, c, 5);
    },
  },
];

export const ledgerTamper: Scenario = {
  name: 'ledger-tamper',
  criterion: 'verify detects 100 % of edits, deletions and reorderings; the application role cannot UPDATE, DELETE or TRUNCATE',
  budgetMs: () => 120_000,
  async run({ scope }) {
    const db = await database(scope, 'tamper');
    const ledger = createLedger(db.pool);
    let byChain = 0;
    let byAnchor = 0;
    const missed: string[] = [];
    for (const [i, t] of TAMPERINGS.entries()) {
      const campaign = `tamper-${i}`;
      for (let seq = 1; seq <= ROWS; seq += 1) {
        await ledger.append({ key: `${campaign}/drill/${seq}`, campaignId: campaign, kind: seq % 2 ? 'task.submitted' : 'task.approved', actor: 'office', payload: { n: seq, text: '台帳' }, occurredAt: new Date(Date.UTC(2027, 0, seq)).toISOString() });
      }
      const clean = await ledger.verifyChain(campaign);
      if (!clean.ok) throw new Error(`the untouched chain ${campaign} does not verify`);
      const anchor = await ledger.head(campaign); // exported and kept elsewhere
      await t.tamper(db.pool, campaign);
      const after = await ledger.verifyChain(campaign);
      const head = await ledger.head(campaign);
      if (!after.ok) byChain += 1;
      else if (head.seq !== anchor.seq || head.hash !== anchor.hash) byAnchor += 1;
      else missed.push(t.name);
    }

    const refusals: string[] = [];
    const allowed: string[] = [];
    const client = await db.pool.connect();
    try {
      const { rows: [role] } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'campaign_app'");
      if (!role) throw new Error('the role campaign_app does not exist (db/migrations/1700000000925_application-role.sql)');
      for (const sql of ["UPDATE ledger SET actor = 'x' WHERE seq = 1", 'DELETE FROM ledger WHERE seq = 1', 'TRUNCATE ledger']) {
        await client.query('BEGIN');
        await client.query('SET LOCAL ROLE campaign_app');
        try {
          await client.query(sql);
          allowed.push(sql);
        } catch (error) {
          if (/permission denied/.test((error as Error).message)) refusals.push(sql.split(' ')[0]);
          else allowed.push(`${sql} (refused only by: ${(error as Error).message})`);
        }
        await client.query('ROLLBACK');
      }
      // And what the service needs: it can read and append.
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE campaign_app');
      await client.query('SELECT count(*) FROM ledger');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const detected = byChain + byAnchor;
    return {
      pass: missed.length === 0 && allowed.length === 0 && refusals.length === 3,
      figures: `${TAMPERINGS.length} tamperings: detected ${detected}/${TAMPERINGS.length} (${((100 * detected) / TAMPERINGS.length).toFixed(0)} %; by verify ${byChain}, by the anchored head only ${byAnchor}); campaign_app refused ${refusals.join(', ') || 'nothing'}`,
      notes: [...missed.map((m) => `not detected: ${m}`), ...allowed.map((a) => `campaign_app allowed: ${a}`)],
    };
  },
};

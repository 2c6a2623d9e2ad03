/**
 * `npm run bench`: a simulated seed-003 campaign for 100 units of scripted
 * behaviour on the time-skipping server and a real PostgreSQL (127.0.0.1:5432,
 * or TEST_PG_ADMIN_URL). Prints how much the service chased and how long the
 * simulation took; asserts nothing.
 *
 * Behaviour: 40 units submit every task two days into its phase, 30 hand each
 * task in ten days after its deadline, 30 never submit anything. The lagging
 * 30 get a rectification item each when the demonstration phase opens; half of
 * them report and have it verified, half never do.
 */
import { addDays, endOfLocalDay, startOfLocalDay } from '../domain/calendar';
import { taskDeadlines } from '../domain/schedule';
import { SEED_003_BUREAU } from '../domain/templates/seed-003-bureau';
import {
  rectificationWorkflowId,
  reportRectificationUpdate,
  setMilestoneUpdate,
  verifyRectificationUpdate,
} from '../contracts';
import { defineAndStartCampaign, eventually, openRectification, planStartingNextYear, unitHandle } from '../test/support/campaign-script';
import { branchTree, startHarness } from '../test/support/harness';
import { createTimeSkippingEnv } from '../test/support/temporal';

const UNITS = 100;
const CAMPAIGN = 'bench-seed-003';

type Action = { at: number; label: string; run: () => Promise<unknown> };

async function main() {
  const wallStart = Date.now();
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env);
  try {
    await h.units.importTree(branchTree(UNITS));
    await h.db.pool.query("INSERT INTO users (id, name, role, email) VALUES ('office', '活動辦', 'admin', 'office@example.test')");
    const plan = await planStartingNextYear(env, SEED_003_BUREAU, 'bench-plan');
    const ids = Array.from({ length: UNITS }, (_, i) => `committee-b${String(i + 1).padStart(5, '0')}`);
    const onTime = ids.slice(0, 40);
    const late = ids.slice(40, 70);
    const never = ids.slice(70);
    const campaign = await defineAndStartCampaign(h, CAMPAIGN, plan, { unitIds: ids });
    const year = Number(plan.phases[0].window.start.slice(0, 4));
    const congress = `${year + 2}-11-08`;
    const lastDay = addDays(congress, -1);
    const noon = (date: string) => startOfLocalDay(date) + 12 * 3600_000;
    const deadlines = taskDeadlines(plan, { 'party-congress-18': congress });

    const actions: Action[] = [];
    for (const phase of plan.phases) {
      actions.push({
        at: noon(addDays(phase.window.start, 2)),
        label: `on-time units hand in ${phase.id}`,
        run: async () => {
          for (const unitId of onTime) {
            const unit = unitHandle(h, CAMPAIGN, unitId);
            for (const task of phase.tasks) {
              await unit.submit(task.id);
              await unit.approve(task.id);
            }
          }
        },
      });
    }
    for (const deadline of deadlines) {
      const when = addDays(deadline.dueDate!, 10);
      if (when >= lastDay) continue; // the campaign is over before a late unit would hand it in
      actions.push({
        at: noon(when),
        label: `late units hand in ${deadline.taskId}`,
        run: async () => {
          for (const unitId of late) {
            const unit = unitHandle(h, CAMPAIGN, unitId);
            await unit.submit(deadline.taskId);
            await unit.approve(deadline.taskId);
          }
        },
      });
    }
    const demonstration = plan.phases.find((p) => p.id === 'demonstration')!;
    const opened = noon(addDays(demonstration.window.start, 5));
    const rectificationDue = addDays(demonstration.window.start, 35);
    actions.push({
      at: opened,
      label: 'lagging units get rectification items',
      run: async () => {
        for (const unitId of never) {
          await openRectification(h, plan, { campaignId: CAMPAIGN, unitId, itemId: 'lagging', description: '後進黨組織整頓轉化', source: 'classification', openedBy: 'office', dueDate: rectificationDue }, { 'party-congress-18': congress });
        }
      },
    });
    actions.push({
      at: noon(addDays(demonstration.window.start, 25)),
      label: 'half the rectifications are reported and verified',
      run: async () => {
        for (const unitId of never.slice(0, never.length / 2)) {
          const item = h.env.client.workflow.getHandle(rectificationWorkflowId(CAMPAIGN, unitId, 'lagging'));
          await item.executeUpdate(reportRectificationUpdate, { args: [{ actor: `unit:${unitId}`, evidence: { text: '已整改', links: [] } }] });
          await item.executeUpdate(verifyRectificationUpdate, { args: [{ actor: 'sup-1' }] });
        }
      },
    });
    actions.push({
      at: noon(addDays(demonstration.window.start, 30)),
      label: 'the office sets the Party Congress date',
      run: () => campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: congress, actor: 'office', reason: '中央公布十八大召開日期' }] }),
    });
    actions.push({ at: endOfLocalDay(lastDay) + 3600_000, label: 'after the Party Congress opens', run: async () => undefined });
    actions.sort((a, b) => a.at - b.at);

    for (const action of actions) {
      const now = await env.currentTimeMs();
      if (action.at > now) await env.sleep(action.at - now);
      await action.run();
    }
    await eventually(async () => {
      const { rows } = await h.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE kind = 'unit.completed'");
      return rows[0].n === UNITS;
    }, 120_000);
    await eventually(async () => {
      const { rows } = await h.db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL');
      return rows[0].n === 0;
    }, 120_000);

    const count = async (sql: string) => (await h.db.pool.query(sql)).rows;
    const reminders = await count("SELECT count(*)::int AS n FROM ledger WHERE kind = 'task.reminded'");
    const rungs = await count("SELECT payload->>'rung' AS rung, count(*)::int AS n FROM ledger WHERE kind = 'escalation.rung' GROUP BY 1");
    const rectifications = await count("SELECT kind, count(*)::int AS n FROM ledger WHERE kind LIKE 'rectification.%' GROUP BY 1 ORDER BY 1");
    const reviews = await count("SELECT kind, count(*)::int AS n FROM ledger WHERE kind LIKE 'review.%' OR kind = 'approval.reminded' GROUP BY 1 ORDER BY 1");
    const notices = await count("SELECT kind, count(*)::int AS n FROM outbox GROUP BY 1 ORDER BY 1");
    const ledgerRows = await count('SELECT count(*)::int AS n FROM ledger');
    const order = ['reminder', 'warning', 'listed_supervision', 'circulated_criticism', 'accountability'];
    console.log(`\nseed-003 simulation: ${UNITS} units (40 on time, 30 late, 30 never), ${plan.phases[0].window.start} → ${lastDay}`);
    console.log(`  reminders before deadlines (提醒):        ${reminders[0].n}`);
    for (const rung of order) console.log(`  overdue rung ${rung.padEnd(22)} ${rungs.find((r) => r.rung === rung)?.n ?? 0}`);
    for (const row of rectifications) console.log(`  ${row.kind.padEnd(38)} ${row.n}`);
    for (const row of reviews) console.log(`  ${row.kind.padEnd(38)} ${row.n}`);
    for (const row of notices) console.log(`  notifications of kind ${row.kind.padEnd(16)} ${row.n}`);
    console.log(`  notifications in all:                    ${notices.reduce((n, r) => n + r.n, 0)} (every one delivered)`);
    console.log(`  ledger rows:                             ${ledgerRows[0].n}; chain verifies: ${(await h.ledger.verifyChain(CAMPAIGN)).ok}`);
    console.log(`  wall-clock time:                         ${((Date.now() - wallStart) / 1000).toFixed(1)} s\n`);
  } finally {
    await h.stop();
    await env.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

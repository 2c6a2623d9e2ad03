/**
 * A commendation round (評選表彰) over a three-level tree, on the time-skipping
 * server: 推薦 → 考核 → 審定 (集中審議) → 公示 with objections → 表彰, level by
 * level, then the upward report. Eligibility comes from the ledger's facts.
 *
 *   cm (committee, depth 0)
 *   └── cm-g1 (general branch, depth 1)
 *        ├── cm-g1-b1 (branch, depth 2; members m1, m3; classified advanced, scored 88 of 100)
 *        └── cm-g1-b2 (branch, depth 2; member m2; an accountability record; classified average, scored 60 of 100)
 *
 * 先進基層黨組織 carries its own rules: a grade of at least average (unit.classified, through the unit's
 * classification update) and 80 % of the five-goods scheme's maximum (score.computed, written to the ledger
 * as issue 13's scoring writes it).
 */
import { recordHistoriesIfAsked } from '../replay/history-manifest';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { parseMembersJson } from '../../domain/members';
import { parsePlan, type Plan } from '../../domain/plan';
import { parseUnitsJson } from '../../domain/units';
import {
  assessCandidateUpdate,
  classifyUnitUpdate,
  commendationLevelQuery,
  commendationLevelWorkflowId,
  commendationRoundWorkflowId,
  decideLevelUpdate,
  objectCandidateUpdate,
  recommendCandidateUpdate,
  resolveObjectionUpdate,
  type CommendationRoundInput,
  type CommendationRoundResult,
} from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { workflowBundle } from '../support/temporal';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'commend';
const ROUND = 'exemplars';
const fixture = useTimeSkippingHarness(1);
let plan: Plan;
let Y: number;

const level = (levelId: string) => fixture.h.env.client.workflow.getHandle(commendationLevelWorkflowId(CAMPAIGN, ROUND, levelId));
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
};
const member = (memberId: string) => ({ kind: 'member' as const, memberId });
/**
 * The result of a workflow once it has completed, read by a plain client: the test client's result() lets the
 * server skip time until its reply is read, past every later date of the file.
 */
async function completedResult<T>(workflowId: string): Promise<T> {
  const handle = fixture.h.env.client.workflow.getHandle(workflowId);
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
  return new Client({ connection: fixture.h.env.connection, namespace: fixture.h.env.namespace }).workflow.getHandle(workflowId).result() as Promise<T>;
}

beforeAll(async () => {
  const { env, h } = fixture;
  Y = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  await h.units.importTree(
    parseUnitsJson([
      { id: 'cm', parentId: null, name: '機關黨委', type: 'agency', secretary: { name: '黨委書記' }, supervisors: ['sup-1'] },
      { id: 'cm-g1', parentId: 'cm', name: '第一黨總支', type: 'agency', secretary: { name: '總支書記' }, supervisors: [] },
      { id: 'cm-g1-b1', parentId: 'cm-g1', name: '第一支部', type: 'agency', secretary: { name: '一支書記' }, supervisors: [] },
      { id: 'cm-g1-b2', parentId: 'cm-g1', name: '第二支部', type: 'agency', secretary: { name: '二支書記' }, supervisors: [] },
    ]),
  );
  await h.storage.members.importMembers(
    parseMembersJson([
      { id: 'm1', unitId: 'cm-g1-b1', name: '張優秀' },
      { id: 'm3', unitId: 'cm-g1-b1', name: '李同志' },
      { id: 'm2', unitId: 'cm-g1-b2', name: '王同志' },
      { id: 'm9', unitId: 'committee-b00001', name: '外單位黨員' },
    ]),
  );
  const lv = (id: string, depth: number, month: string, quotas: Record<string, number>) => ({
    id,
    name: { zh: `${id}層級`, en: `${id} level` },
    depth,
    quotas,
    recommendBy: `${Y}-${month}-10`,
    assessBy: `${Y}-${month}-15`,
    approveBy: `${Y}-${month}-20`,
  });
  plan = parsePlan({
    id: 'commend-plan',
    name: { zh: '總結表彰', en: 'summary and commendation' },
    milestones: [{ id: 'july-1', name: { zh: '七一', en: 'July 1' }, kind: 'yearly', month: 7, day: 1 }],
    phases: [{ id: 'summary', name: { zh: '總結表彰', en: 'summary' }, window: { start: `${Y}-02-01`, end: `${Y}-12-31` } }],
    publicNoticeDays: 7,
    commendation: {
      rounds: [
        {
          id: ROUND,
          name: { zh: '評選表彰先進典型', en: 'commendation of exemplars' },
          categories: [
            {
              id: 'advanced_organisation',
              name: { zh: '先進基層黨組織', en: 'advanced primary party organisation' },
              subject: 'unit',
              eligibility: { minGrade: 'average', minScoreShare: 0.8, scoreSchemeId: 'five-goods' },
            },
            { id: 'excellent_member', name: { zh: '優秀共產黨員', en: 'excellent member' }, subject: 'member' },
          ],
          eligibility: { noAccountability: true, noOpenRectification: true },
          reportTo: { zh: '師黨委', en: 'the division party committee' },
          levels: [
            lv('branch', 2, '03', { advanced_organisation: 1, excellent_member: 1 }),
            lv('general', 1, '04', { advanced_organisation: 1, excellent_member: 1 }),
            { ...lv('committee', 0, '05', { advanced_organisation: 1, excellent_member: 2 }), before: { milestone: 'july-1' } },
          ],
        },
        {
          id: 'chased',
          name: { zh: '逾期催辦的評選', en: 'a round whose assessment and approval are late' },
          categories: [{ id: 'advanced_organisation', name: { zh: '先進基層黨組織', en: 'advanced primary party organisation' }, subject: 'unit' }],
          levels: [{ id: 'branch', name: { zh: '支部層級', en: 'branch level' }, depth: 2, quotas: { advanced_organisation: 1 }, recommendBy: `${Y}-11-05`, assessBy: `${Y}-11-08`, approveBy: `${Y}-11-10` }],
        },
      ],
    },
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: 'cm' });
}, 180_000);

test('when a round runs through three levels, then recommendations, assessment, approval, the notice with one objection upheld and one dismissed, commendation and the upward report are all in the ledger, which verifies', async () => {
  const { h, env } = fixture;
  // A fact of the campaign: cm-g1-b2 reached the accountability rung (問責) of a task.
  const rung = await h.ledger.append({
    key: `${CAMPAIGN}/cm-g1-b2/task/study/rung/${Y}-02-05/accountability`,
    campaignId: CAMPAIGN,
    unitId: 'cm-g1-b2',
    kind: 'escalation.rung',
    actor: 'system',
    payload: { taskId: 'study', rung: 'accountability' },
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
  });
  // Grades through the units' classification (三分類), scores as issue 13's scoring records them.
  const classify = (unitId: string, grade: 'advanced' | 'average') =>
    unitHandle(h, CAMPAIGN, unitId).handle.executeUpdate(classifyUnitUpdate, { args: [{ actor: 'sup-1', round: String(Y), grade, basis: '五個好考評' }] });
  await classify('cm-g1-b1', 'advanced');
  await classify('cm-g1-b2', 'average');
  const score = async (unitId: string, total: number) =>
    h.ledger.append({
      key: `${CAMPAIGN}/${unitId}/score/${Y}/five-goods`,
      campaignId: CAMPAIGN,
      unitId,
      kind: 'score.computed',
      actor: 'system',
      payload: { roundId: String(Y), schemeId: 'five-goods', schemeVersion: 1, unitId, total, max: 100, grade: total >= 85 ? 'advanced' : 'average' },
      occurredAt: new Date(await env.currentTimeMs()).toISOString(),
    });
  await score('cm-g1-b1', 88);
  const lowScore = await score('cm-g1-b2', 60);
  const input: CommendationRoundInput = { campaignId: CAMPAIGN, roundId: ROUND, round: plan.commendation!.rounds[0], publicNoticeDays: 7, reminders: { daysBefore: [7, 1], atHour: 9 }, startedBy: 'office' };
  const round = await env.client.workflow.start('commendationRoundWorkflow', { workflowId: commendationRoundWorkflowId(CAMPAIGN, ROUND), taskQueue: h.taskQueue, args: [input] });
  await sleepUntil(env, `${Y}-03-01`);
  const branch = level('branch');
  await eventually(async () => (await branch.query(commendationLevelQuery)).stage === 'recommending');

  // 推薦 (recommend).
  const rec = (unitId: string, categoryId: string, subject: { kind: 'unit'; unitId: string } | { kind: 'member'; memberId: string }) =>
    branch.executeUpdate(recommendCandidateUpdate, { args: [{ actor: `unit:${unitId}`, recommendingUnitId: unitId, categoryId, subject, reason: '表現突出' }] });
  expect((await rec('cm-g1-b1', 'advanced_organisation', { kind: 'unit', unitId: 'cm-g1-b1' })).status).toBe('recommended');
  expect((await rec('cm-g1-b1', 'excellent_member', member('m1'))).name).toBe('張優秀');
  expect(await refusal(rec('cm-g1-b1', 'excellent_member', member('m1')))).toMatchObject({ type: 'Conflict', message: expect.stringContaining('already recommended') });
  expect(await refusal(rec('cm-g1-b1', 'excellent_member', member('m3')))).toMatchObject({ type: 'InvalidTransition', message: expect.stringContaining('quota of 1') });
  expect(await refusal(rec('cm-g1-b2', 'excellent_member', member('m9')))).toMatchObject({ type: 'InvalidInput', message: expect.stringContaining('not in the subtree of cm-g1-b2') });
  // The candidate with an accountability record is refused with the evidence: its ledger sequence number.
  const ineligible = await refusal(rec('cm-g1-b2', 'advanced_organisation', { kind: 'unit', unitId: 'cm-g1-b2' }));
  expect(ineligible.type).toBe('InvalidTransition');
  expect(ineligible.message).toContain('本次活動中無問責記錄');
  expect(ineligible.message).toContain(`ledger seq ${rung.seq}`);
  expect(ineligible.message).toContain('量化考評得分率不低於要求');
  expect(ineligible.message).toContain(`60 of 100 (60 %); at least 80 % is required [ledger seq ${lowScore.seq}]`);
  expect(ineligible.message).not.toContain('分類定級不低於要求等次');
  expect(await refusal(branch.executeUpdate(assessCandidateUpdate, { args: [{ actor: 'sup-1', recommendingUnitId: 'cm-g1-b1', candidateId: 'excellent_member--m1', comment: '好', score: 90 }] }))).toMatchObject({
    type: 'InvalidTransition',
    message: expect.stringContaining('assessment (考核) opens when recommendations close'),
  });

  // 考核 (assess) and 審定 (approve, 集中審議 with its vote counts).
  await sleepUntil(env, `${Y}-03-11`);
  for (const candidateId of ['advanced_organisation--cm-g1-b1', 'excellent_member--m1']) {
    await branch.executeUpdate(assessCandidateUpdate, { args: [{ actor: 'sup-1', recommendingUnitId: 'cm-g1-b1', candidateId, comment: '考核優秀', score: 92 }] });
  }
  const decided = await branch.executeUpdate(decideLevelUpdate, {
    args: [{ actor: 'office', meeting: '總支委員會集中審議', present: 9, votes: [{ candidateId: 'advanced_organisation--cm-g1-b1', for: 8, against: 1, abstain: 0 }, { candidateId: 'excellent_member--m1', for: 7, against: 1, abstain: 1 }] }],
  });
  expect(decided.stage).toBe('notice');
  expect(decided.notice?.closesOn).toBe(`${Y}-03-18`);

  // 公示 (public notice): one objection upheld, one dismissed.
  const object = (candidateId: string, source: 'public' | 'letter') =>
    branch.executeUpdate(objectCandidateUpdate, { args: [{ actor: source === 'public' ? 'public' : 'office', source, candidateId, text: '反映問題', contact: '13900000000' }] });
  const upheld = await object('advanced_organisation--cm-g1-b1', 'public');
  const dismissed = await object('excellent_member--m1', 'letter');
  expect(upheld.receipt).toMatch(/^EXEMPLARS-BRANCH-0001$/);
  expect(upheld.candidate.status).toBe('held');
  expect(await refusal(branch.executeUpdate(resolveObjectionUpdate, { args: [{ actor: 'office', candidateId: 'excellent_member--m1', objectionId: dismissed.objectionId, outcome: 'dismissed', reason: ' ' }] }))).toMatchObject({ type: 'InvalidInput' });
  await branch.executeUpdate(resolveObjectionUpdate, { args: [{ actor: 'office', candidateId: 'advanced_organisation--cm-g1-b1', objectionId: upheld.objectionId, outcome: 'upheld', reason: '經核實屬實' }] });
  const kept = await branch.executeUpdate(resolveObjectionUpdate, { args: [{ actor: 'office', candidateId: 'excellent_member--m1', objectionId: dismissed.objectionId, outcome: 'dismissed', reason: '經核實反映不實' }] });
  expect(kept.status).toBe('on_notice');
  await sleepUntil(env, `${Y}-03-20`);
  // After the window the level has commended and closed: a late objection finds nothing to hold.
  const closedBranch = await completedResult<{ commended: Array<{ candidateId: string }> }>(commendationLevelWorkflowId(CAMPAIGN, ROUND, 'branch'));
  expect(closedBranch.commended.map((c) => c.candidateId)).toEqual(['excellent_member--m1']);
  await expect(object('excellent_member--m1', 'public')).rejects.toThrow(/not found/);

  // The general branch: m1 is recommended upward by cm-g1 and takes cm-g1's one place for 優秀共產黨員;
  // a letter during assessment holds the approval.
  const general = level('general');
  await sleepUntil(env, `${Y}-04-02`);
  await eventually(async () => (await general.query(commendationLevelQuery)).stage === 'recommending');
  const overQuota = await refusal(general.executeUpdate(recommendCandidateUpdate, { args: [{ actor: 'unit:cm-g1', recommendingUnitId: 'cm-g1', categoryId: 'excellent_member', subject: member('m3'), reason: '表現突出' }] }));
  expect(overQuota).toMatchObject({ type: 'InvalidTransition', message: expect.stringContaining('quota of 1') });
  expect(overQuota.message).toContain('carried up from the level below: excellent_member--m1');
  await sleepUntil(env, `${Y}-04-11`);
  const generalView = await general.query(commendationLevelQuery);
  expect(generalView.candidates.map((c) => [c.candidateId, c.recommendedBy, c.fromLevel])).toEqual([['excellent_member--m1', 'cm-g1', 'branch']]);
  await general.executeUpdate(assessCandidateUpdate, { args: [{ actor: 'sup-1', recommendingUnitId: 'cm-g1', candidateId: 'excellent_member--m1', comment: '考核優秀', score: 95 }] });
  const letter = await general.executeUpdate(objectCandidateUpdate, { args: [{ actor: 'office', source: 'letter', candidateId: 'excellent_member--m1', text: '來信反映', contact: '信件' }] });
  const vote = { actor: 'office', meeting: '黨總支集中審議', present: 7, votes: [{ candidateId: 'excellent_member--m1', for: 6, against: 0, abstain: 1 }] };
  expect(await refusal(general.executeUpdate(decideLevelUpdate, { args: [vote] }))).toMatchObject({ type: 'InvalidTransition', message: expect.stringContaining('resolve the open objections first') });
  await general.executeUpdate(resolveObjectionUpdate, { args: [{ actor: 'office', candidateId: 'excellent_member--m1', objectionId: letter.objectionId, outcome: 'dismissed', reason: '查無實據' }] });
  await general.executeUpdate(decideLevelUpdate, { args: [vote] });

  // The committee, then the upward report to the division (師黨委).
  await sleepUntil(env, `${Y}-05-11`);
  const committee = level('committee');
  await committee.executeUpdate(assessCandidateUpdate, { args: [{ actor: 'sup-1', recommendingUnitId: 'cm', candidateId: 'excellent_member--m1', comment: '考核優秀', score: 96 }] });
  await committee.executeUpdate(decideLevelUpdate, { args: [{ actor: 'office', meeting: '黨委會集中審議', present: 11, votes: [{ candidateId: 'excellent_member--m1', for: 11, against: 0, abstain: 0 }] }] });
  await sleepUntil(env, `${Y}-05-20`);
  const result = await completedResult<CommendationRoundResult>(round.workflowId);
  expect(result).toEqual({
    levels: [
      { levelId: 'branch', commended: ['excellent_member--m1'] },
      { levelId: 'general', commended: ['excellent_member--m1'] },
      { levelId: 'committee', commended: ['excellent_member--m1'] },
    ],
    reportedUpward: ['excellent_member--m1'],
  });

  // The ledger shows the whole chain, and the chain verifies.
  const rows = (await h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).filter((e) => e.kind.startsWith('commendation.') || e.kind === 'praise.circulated');
  const kinds = rows.map((e) => e.kind);
  for (const kind of ['commendation.round_started', 'commendation.recommended', 'commendation.recommendations_closed', 'commendation.assessed', 'commendation.decided', 'commendation.notice_opened', 'commendation.objection_received', 'commendation.objection_upheld', 'commendation.objection_dismissed', 'commendation.notice_closed', 'commendation.commended', 'praise.circulated', 'commendation.reported_upward']) {
    expect(kinds).toContain(kind);
  }
  expect(rows.filter((e) => e.kind === 'commendation.commended').map((e) => e.payload.levelId)).toEqual(['branch', 'general', 'committee']);
  expect((await h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
  // Objectors' contact details stay out of the ledger.
  expect(JSON.stringify(rows)).not.toContain('13900000000');

  // Figures for the report: history sizes per round and per candidate, and the branch level's ledger excerpt.
  const sizeOf = async (workflowId: string) => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    return { events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length };
  };
  const sizes = {
    round: await sizeOf(commendationRoundWorkflowId(CAMPAIGN, ROUND)),
    branch: await sizeOf(commendationLevelWorkflowId(CAMPAIGN, ROUND, 'branch')),
    general: await sizeOf(commendationLevelWorkflowId(CAMPAIGN, ROUND, 'general')),
    committee: await sizeOf(commendationLevelWorkflowId(CAMPAIGN, ROUND, 'committee')),
  };
  const candidatesAt = { branch: 2, general: 1, committee: 1 };
  const perCandidate = Object.fromEntries(Object.entries(candidatesAt).map(([id, n]) => [id, Math.round(sizes[id as keyof typeof candidatesAt].bytes / n)]));
  const excerpt = rows.filter((e) => e.payload.levelId === 'branch' || e.payload.levelId === undefined).map((e) => `${e.seq} ${e.kind} ${e.key.replace(`${CAMPAIGN}/commendation/${ROUND}/`, '')} ${e.actor}`);
  console.log(JSON.stringify({ sizes, bytesPerCandidate: perCandidate, excerpt }, null, 1));
  expect(sizes.round.events).toBeLessThan(60);
  // Each history replays on the code that made it (patch markers, handlers registered before the first await).
  for (const levelId of ['branch', 'general', 'committee']) {
    const workflowId = commendationLevelWorkflowId(CAMPAIGN, ROUND, levelId);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
  }
  await recordHistoriesIfAsked(env.client, [
    ['commendation-round', commendationRoundWorkflowId(CAMPAIGN, ROUND)],
    ...['branch', 'general', 'committee'].map((levelId) => [`commendation-level-${levelId}`, commendationLevelWorkflowId(CAMPAIGN, ROUND, levelId)] as const),
  ]);
}, 240_000);

test('when assessment and approval are late, then the level chases them: a reminder to the supervisor a day after each deadline, circulated criticism to the office a week after', async () => {
  const { h, env } = fixture;
  const input: CommendationRoundInput = { campaignId: CAMPAIGN, roundId: 'chased', round: plan.commendation!.rounds[1], publicNoticeDays: 7, reminders: { daysBefore: [1], atHour: 9 }, startedBy: 'office' };
  const round = await env.client.workflow.start('commendationRoundWorkflow', { workflowId: commendationRoundWorkflowId(CAMPAIGN, 'chased'), taskQueue: h.taskQueue, args: [input] });
  const branch = fixture.h.env.client.workflow.getHandle(commendationLevelWorkflowId(CAMPAIGN, 'chased', 'branch'));
  await eventually(async () => (await branch.query(commendationLevelQuery)).stage === 'recommending');
  await branch.executeUpdate(recommendCandidateUpdate, { args: [{ actor: 'unit:cm-g1-b1', recommendingUnitId: 'cm-g1-b1', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'cm-g1-b1' }, reason: '表現突出' }] });
  await sleepUntil(env, `${Y}-11-20`);
  const chased = async () => (await h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).filter((e) => e.kind === 'commendation.chased' && e.payload.roundId === 'chased');
  const rungs = await eventually(async () => {
    const rows = await chased();
    return rows.length === 4 ? rows : undefined;
  });
  expect(rungs.map((e) => [e.payload.dueDate, e.payload.rung, e.occurredAt.slice(0, 10)])).toEqual([
    [`${Y}-11-08`, 'reminder', `${Y}-11-09`],
    [`${Y}-11-10`, 'reminder', `${Y}-11-11`],
    [`${Y}-11-08`, 'circulated_criticism', `${Y}-11-15`],
    [`${Y}-11-10`, 'circulated_criticism', `${Y}-11-17`],
  ]);
  const outbox = await h.db.pool.query<{ recipient_role: string }>('SELECT recipient_role FROM outbox WHERE draft_key LIKE $1 ORDER BY created_at, key', [`${CAMPAIGN}/commendation/chased/branch/assess/%`]);
  expect(outbox.rows.map((r) => r.recipient_role)).toEqual(['supervisor', 'office']);
  // Once assessed and decided, the chasing stops.
  await branch.executeUpdate(assessCandidateUpdate, { args: [{ actor: 'sup-1', recommendingUnitId: 'cm-g1-b1', candidateId: 'advanced_organisation--cm-g1-b1', comment: '遲到的考核', score: 85 }] });
  await branch.executeUpdate(decideLevelUpdate, { args: [{ actor: 'office', meeting: '黨委會', present: 5, votes: [{ candidateId: 'advanced_organisation--cm-g1-b1', for: 5, against: 0, abstain: 0 }] }] });
  await sleepUntil(env, `${Y}-11-29`);
  expect((await completedResult<CommendationRoundResult>(round.workflowId)).levels).toEqual([{ levelId: 'branch', commended: ['advanced_organisation--cm-g1-b1'] }]);
  expect(await chased()).toHaveLength(4);
}, 180_000);

/**
 * The authorisation matrix (issue 10), generated from the route declarations:
 * every declared route × every caller (the office, three supervisors, two unit
 * users) × the caller's relation to the target unit (own, descendant,
 * ancestor, sibling, other tree). A route declared without an entry here makes
 * the first test fail.
 *
 *   bureau-a (li)                          county-b (wang)
 *   ├── bureau-a-team1 (u1)                └── county-b-village1
 *   │    └── bureau-a-team1-cell
 *   ├── bureau-a-team2
 *   └── bureau-a-team3 (zhou)
 *        └── bureau-a-team3-cell (u4)
 *
 * Each case checks: a role the route does not admit is 403; a unit outside the
 * caller's scope is 404, word for word the answer for a unit that does not
 * exist; anything else is let through (the route's own statuses, e.g. 409 for a
 * task not submitted). Every body (2xx or not) is walked for the ids, names and
 * secretaries' contacts of units outside the caller's scope.
 */
import request from 'supertest';
import { createApp } from '../../api/app';
import type { RouteTable } from '../../api/route';
import { addDays } from '../../domain/calendar';
import type { Role } from '../../domain/labels';
import type { PlanInput } from '../../domain/plan';
import { parseMembersJson } from '../../domain/members';
import { parseUnitsJson } from '../../domain/units';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv } from './support';

// ------------------------------------------------------------------ the world

const CAMPAIGN = 'matrix';
const TODAY = localToday();
const day = (n: number) => addDays(TODAY, n);
const PERIOD = `mobilization/${TODAY}`;
/** An id no unit has: what every out-of-scope answer must look like. */
const GHOST = 'mx-ghost-unit';

/** Ids no English word or plan text contains, so that the leak walk finds only real leaks. */
const ROWS = [
  { id: 'bureau-a', parentId: null, name: '甲局黨委', type: 'state_enterprise', secretary: { name: '張局書記', email: 'zhang.a@example.test', phone: '13800000010' }, supervisors: ['li'] },
  { id: 'bureau-a-team1', parentId: 'bureau-a', name: '甲局一隊支部', type: 'state_enterprise', secretary: { name: '王隊書記', email: 'wang.t1@example.test' }, supervisors: [] },
  { id: 'bureau-a-team1-cell', parentId: 'bureau-a-team1', name: '一隊黨小組', type: 'state_enterprise', secretary: { name: '孫組長', email: 'sun@example.test', phone: '13800000001' }, supervisors: [] },
  { id: 'bureau-a-team2', parentId: 'bureau-a', name: '甲局二隊支部', type: 'state_enterprise', secretary: { name: '劉隊書記', email: 'liu.t2@example.test' }, supervisors: [] },
  { id: 'bureau-a-team3', parentId: 'bureau-a', name: '甲局三隊支部', type: 'state_enterprise', secretary: { name: '周隊書記', email: 'zhou.t3@example.test' }, supervisors: ['zhou'] },
  { id: 'bureau-a-team3-cell', parentId: 'bureau-a-team3', name: '三隊黨小組', type: 'state_enterprise', secretary: { name: '吳組長', email: 'wu@example.test', phone: '13800000002' }, supervisors: [] },
  { id: 'county-b', parentId: null, name: '乙縣黨委', type: 'community', secretary: { name: '陳縣書記', email: 'chen.b@example.test' }, supervisors: ['wang'] },
  { id: 'county-b-village1', parentId: 'county-b', name: '乙縣一村支部', type: 'community', secretary: { name: '趙村書記', email: 'zhao.v1@example.test' }, supervisors: [] },
];
const ALL_ROWS = ROWS;
const ALL_UNITS = ALL_ROWS.map((row) => row.id);

type Caller = 'office' | 'li' | 'zhou' | 'wang' | 'u1' | 'u4';
const CALLERS: Array<{ id: Caller; role: Role; about: string; sees: string[] }> = [
  { id: 'office', role: 'admin', about: 'the office', sees: ALL_UNITS },
  { id: 'li', role: 'supervisor', about: 'supervisor of a whole tree', sees: ALL_UNITS.filter((id) => id.startsWith('bureau-a')) },
  { id: 'zhou', role: 'supervisor', about: 'supervisor of one branch', sees: ['bureau-a-team3', 'bureau-a-team3-cell'] },
  { id: 'wang', role: 'supervisor', about: 'supervisor of another tree', sees: ['county-b', 'county-b-village1'] },
  { id: 'u1', role: 'unit', about: 'unit user with a child unit', sees: ['bureau-a-team1'] },
  { id: 'u4', role: 'unit', about: 'unit user of a leaf', sees: ['bureau-a-team3-cell'] },
];
const callerOf = (id: Caller) => CALLERS.find((c) => c.id === id)!;

type Relation = 'own' | 'descendant' | 'ancestor' | 'sibling' | 'other tree';
/** The target unit of each relation, per caller (the office's taken from bureau-a-team1: it sees every unit). */
const TARGETS: Record<Caller, Partial<Record<Relation, string>>> = {
  office: { own: 'bureau-a-team1', descendant: 'bureau-a-team1-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  li: { own: 'bureau-a', descendant: 'bureau-a-team3-cell', sibling: 'county-b', 'other tree': 'county-b-village1' },
  zhou: { own: 'bureau-a-team3', descendant: 'bureau-a-team3-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  wang: { own: 'county-b', descendant: 'county-b-village1', 'other tree': 'bureau-a-team1' },
  u1: { own: 'bureau-a-team1', descendant: 'bureau-a-team1-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  u4: { own: 'bureau-a-team3-cell', ancestor: 'bureau-a-team3', sibling: 'bureau-a-team1-cell', 'other tree': 'county-b' },
};

function matrixPlan(): PlanInput {
  const plan = planStartingToday('matrix-plan', TODAY);
  return { ...plan, pointReviews: [{ phase: 'mobilization', every: 'once' }], rectification: { listOpenItemsAtEndOf: 'mobilization', defaultDays: 30 } } as PlanInput;
}

// ------------------------------------------------------------------ the matrix entries

interface Call {
  method: 'get' | 'post' | 'put' | 'delete';
  url: string;
  query?: Record<string, string>;
  body?: unknown;
}

interface Entry {
  /** Builds the call; `unit` is the target unit of unit-scoped routes, `n` a number unique to the case. */
  call: (unit: string, n: number) => Call;
  /** Whether the route acts on (or reads) one unit, given in the path, query or body. */
  unitScoped: boolean;
  /** The statuses of a call let through (the route's own answers, not refusals). */
  ok: number[];
}

const C = `/campaigns/${CAMPAIGN}`;
const U = (unit: string) => `${C}/units/${unit}`;
const evidence = { evidence: { text: '材料已上傳', links: [] } };
const unit = (call: Entry['call'], ok: number[]): Entry => ({ call, unitScoped: true, ok });
const plain = (call: (n: number) => Call, ok: number[]): Entry => ({ call: (_u, n) => call(n), unitScoped: false, ok });

const MATRIX: Record<string, Entry> = {
  'GET /health': plain(() => ({ method: 'get', url: '/health' }), [200]),
  'GET /ready': plain(() => ({ method: 'get', url: '/ready' }), [200]),
  'GET /templates': plain(() => ({ method: 'get', url: '/templates' }), [200]),
  'POST /session': plain(() => ({ method: 'post', url: '/session', body: { token: 'not-a-token-anyone-was-issued' } }), [401]),
  'GET /session': plain(() => ({ method: 'get', url: '/session' }), [200]),
  'DELETE /session': plain(() => ({ method: 'delete', url: '/session' }), [200]),
  'GET /templates/:id': plain(() => ({ method: 'get', url: '/templates/seed-003-bureau' }), [200]),
  'GET /campaigns/:id/summary-report': unit((u) => ({ method: 'get', url: `${C}/summary-report`, query: { subtreeRootId: u } }), [200]),
  'POST /plans/simulate': plain(() => ({ method: 'post', url: '/plans/simulate', body: { template: 'seed-000-regiment', assumptions: { units: { agency: 3 } } } }), [200]),
  'POST /campaigns': plain((n) => ({ method: 'post', url: '/campaigns', body: { id: `mx-new-${n}`, plan: planStartingToday(`mx-new-${n}`) } }), [201]),
  'GET /campaigns': plain(() => ({ method: 'get', url: '/campaigns' }), [200]),
  'GET /campaigns/:id': plain(() => ({ method: 'get', url: C }), [200]),
  'POST /campaigns/:id/starts': unit((u) => ({ method: 'post', url: `${C}/starts`, body: { subtreeRootId: u, requestId: `mx-start-${u}` } }), [202]),
  'GET /campaigns/:id/progress': plain(() => ({ method: 'get', url: `${C}/progress` }), [200]),
  'PUT /campaigns/:id/milestones/:milestoneId': plain(() => ({ method: 'put', url: `${C}/milestones/congress`, body: { date: day(200), reason: '中央公布日期' } }), [200, 409]),
  'POST /campaigns/:id/deadlines': unit((u) => ({ method: 'post', url: `${C}/deadlines`, body: { taskId: 'meeting-minutes', date: day(25), reason: '調整', unitId: u } }), [200, 409]),
  'GET /campaigns/:id/units/:unitId': unit((u) => ({ method: 'get', url: U(u) }), [200]),
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/submit': unit((u) => ({ method: 'post', url: `${U(u)}/tasks/study-report/submit`, body: evidence }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/approve': unit((u) => ({ method: 'post', url: `${U(u)}/tasks/study-report/approve`, body: {} }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/reject': unit((u) => ({ method: 'post', url: `${U(u)}/tasks/study-report/reject`, body: { reason: '缺少目標' } }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/extension-requests': unit(
    (u) => ({ method: 'post', url: `${U(u)}/tasks/implementation-plan/extension-requests`, body: { proposedDate: day(20), reason: '調研未完成' } }),
    [201, 409],
  ),
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/extension-requests/decision': unit(
    (u) => ({ method: 'post', url: `${U(u)}/tasks/implementation-plan/extension-requests/decision`, body: { grant: false, reason: '理由不足' } }),
    [200, 409],
  ),
  'POST /campaigns/:id/units/:unitId/reviews': unit(
    (u) => ({ method: 'post', url: `${U(u)}/reviews`, body: { periodId: PERIOD, comment: '總體較好', strengths: '組織有力', weaknesses: '宣傳不足', rating: 'good' } }),
    [201, 409],
  ),
  'POST /campaigns/:id/units/:unitId/classifications': unit((u) => ({ method: 'post', url: `${U(u)}/classifications`, body: { round: '2026', grade: 'advanced', basis: '測評良好' } }), [201, 409]),
  'POST /campaigns/:id/units/:unitId/rectifications': unit((u, n) => ({ method: 'post', url: `${U(u)}/rectifications`, body: { itemId: `mx-r-${n}`, description: '整改事項' } }), [201]),
  'GET /campaigns/:id/units/:unitId/rectifications': unit((u) => ({ method: 'get', url: `${U(u)}/rectifications` }), [200]),
  'GET /campaigns/:id/units/:unitId/rectifications/:itemId': unit((u) => ({ method: 'get', url: `${U(u)}/rectifications/mx-base` }), [200]),
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/report': unit((u) => ({ method: 'post', url: `${U(u)}/rectifications/mx-base/report`, body: evidence }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/verify': unit((u) => ({ method: 'post', url: `${U(u)}/rectifications/mx-base/verify`, body: {} }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/send-back': unit((u) => ({ method: 'post', url: `${U(u)}/rectifications/mx-base/send-back`, body: { reason: '不到位' } }), [200, 409]),
  'POST /campaigns/:id/contact-points': unit((u) => ({ method: 'post', url: `${C}/contact-points`, body: { unitIds: [u] } }), [200, 400]),
  'GET /campaigns/:id/supervision-schedule': plain(() => ({ method: 'get', url: `${C}/supervision-schedule` }), [200]),
  'POST /campaigns/:id/units/:unitId/criticisms': unit((u, n) => ({ method: 'post', url: `${U(u)}/criticisms`, body: { criticismId: `mx-c-${n}`, grounds: ['not_effective'], reason: '工作不得力' } }), [201]),
  'PUT /campaigns/:id/units/:unitId/first-responsible': unit((u, n) => ({ method: 'put', url: `${U(u)}/first-responsible`, body: { changeId: `mx-f-${n}`, name: '馬副書記', reason: '書記調離' } }), [200]),
  'POST /campaigns/:id/supervision-events': unit(
    (u, n) => ({ method: 'post', url: `${C}/supervision-events`, body: { eventId: `mx-ev-${n}`, kind: 'open_visit', unitIds: [u], findings: '明查情況良好' } }),
    [201],
  ),
  'GET /campaigns/:id/overdue': unit((u) => ({ method: 'get', url: `${C}/overdue`, query: { subtreeRootId: u } }), [200]),
  'GET /me/duties': plain(() => ({ method: 'get', url: '/me/duties' }), [200]),
  'GET /campaigns/:id/ledger': unit((u) => ({ method: 'get', url: `${C}/ledger`, query: { unitId: u, limit: '1000' } }), [200]),
  'GET /campaigns/:id/ledger/verify': plain(() => ({ method: 'get', url: `${C}/ledger/verify` }), [200]),
  'POST /units/import': plain((n) => ({ method: 'post', url: '/units/import', body: [{ id: `mx-imported-${n}`, parentId: null, name: `導入單位${n}`, type: 'agency', secretary: { name: '新書記' } }] }), [201]),
  'GET /units/:id': unit((u) => ({ method: 'get', url: `/units/${u}` }), [200]),
  'GET /units/:id/subtree': unit((u) => ({ method: 'get', url: `/units/${u}/subtree` }), [200]),
  // Public commitments (issue 13): each unit has the commitment mx-kbase.
  'POST /campaigns/:id/units/:unitId/commitments': unit(
    (u, n) => ({ method: 'post', url: `${U(u)}/commitments`, body: { commitmentId: `mx-k-${n}`, content: '為群眾辦實事', dueDate: day(20), audience: 'masses', channels: ['meeting'] } }),
    [201],
  ),
  'GET /campaigns/:id/units/:unitId/commitments': unit((u) => ({ method: 'get', url: `${U(u)}/commitments` }), [200]),
  'GET /campaigns/:id/units/:unitId/commitments/:commitmentId': unit((u) => ({ method: 'get', url: `${U(u)}/commitments/mx-kbase` }), [200]),
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/report': unit((u) => ({ method: 'post', url: `${U(u)}/commitments/mx-kbase/report`, body: evidence }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/review': unit((u) => ({ method: 'post', url: `${U(u)}/commitments/mx-kbase/review`, body: { rating: 'good' } }), [200, 409]),
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/rating': unit(
    (u) => ({ method: 'post', url: `${U(u)}/commitments/mx-kbase/rating`, body: { counts: { satisfied: 3, basically_satisfied: 1, unsatisfied: 0 } } }),
    [200, 409],
  ),
  'GET /campaigns/:id/members/:memberId/commitments': unit((u) => ({ method: 'get', url: `${C}/members/mx-m-${u}/commitments` }), [200]),
  'GET /campaigns/:id/commitments/coverage': unit((u) => ({ method: 'get', url: `${C}/commitments/coverage`, query: { subtreeRootId: u } }), [200]),
  // Members (issue 13): each unit has the member mx-m-<unit>.
  'POST /members/import': plain((n) => ({ method: 'post', url: '/members/import', body: [{ id: `mx-office-m-${n}`, unitId: 'bureau-a-team2', name: '新黨員' }] }), [201]),
  'POST /units/:id/members/import': unit((u, n) => ({ method: 'post', url: `/units/${u}/members/import`, body: [{ id: `mx-new-m-${n}`, name: '新黨員', role: 'member' }] }), [201]),
  'GET /units/:id/members': unit((u) => ({ method: 'get', url: `/units/${u}/members` }), [200]),
  'GET /members/:memberId': unit((u) => ({ method: 'get', url: `/members/mx-m-${u}` }), [200]),
  // Commendation rounds (issue 14): the matrix plan has no round, so a call let through answers 404 (the round), never the unit's.
  'POST /campaigns/:id/commendations': plain(() => ({ method: 'post', url: `${C}/commendations`, body: { roundId: 'none' } }), [404]),
  'GET /campaigns/:id/commendations/:roundId/levels/:levelId': plain(() => ({ method: 'get', url: `${C}/commendations/none/levels/branch` }), [404]),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/recommendations': unit(
    (u) => ({ method: 'post', url: `${C}/commendations/none/levels/branch/recommendations`, body: { recommendingUnitId: u, categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: u }, reason: '表現突出' } }),
    [404],
  ),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/close-recommendations': plain(
    () => ({ method: 'post', url: `${C}/commendations/none/levels/branch/close-recommendations`, body: { reason: '各單位均已推薦' } }),
    [404],
  ),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/assessment': unit(
    (u) => ({ method: 'post', url: `${C}/commendations/none/levels/branch/candidates/advanced_organisation--x/assessment`, body: { recommendingUnitId: u, comment: '考核合格', score: 90 } }),
    [404],
  ),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/decision': plain(() => ({ method: 'post', url: `${C}/commendations/none/levels/branch/decision`, body: { meeting: '黨委會', present: 5, votes: [] } }), [404]),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections': plain(
    () => ({ method: 'post', url: `${C}/commendations/none/levels/branch/candidates/advanced_organisation--x/objections`, body: { text: '來信反映' } }),
    [404],
  ),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections/:objectionId/resolution': plain(
    () => ({ method: 'post', url: `${C}/commendations/none/levels/branch/candidates/advanced_organisation--x/objections/o1/resolution`, body: { outcome: 'dismissed', reason: '經核實不成立' } }),
    [404],
  ),
  'GET /public/commendations/:campaignId/:roundId/notice': plain(() => ({ method: 'get', url: `/public/commendations/${CAMPAIGN}/none/notice` }), [404]),
  'GET /public/commendations/:campaignId/:roundId/notice.html': plain(() => ({ method: 'get', url: `/public/commendations/${CAMPAIGN}/none/notice.html` }), [404]),
  // Six callers from one address: the sixth may meet the public rate limit.
  'POST /public/commendations/:campaignId/:roundId/objections': plain(
    () => ({ method: 'post', url: `/public/commendations/${CAMPAIGN}/none/objections`, body: { levelId: 'branch', candidateId: 'advanced_organisation--x', text: '群眾反映' } }),
    [404, 429],
  ),
  // Scoring (issue 13): the plan has no schemes, so round calls on the round "none" answer 404 once through the checks.
  'POST /campaigns/:id/scoring/schemes': plain(
    (n) => ({ method: 'post', url: `${C}/scoring/schemes`, body: { id: `mx-scheme-${n}`, name: { zh: '測評', en: 'evaluation' }, method: 'other', subject: 'unit', items: [{ id: 'a', name: { zh: '甲', en: 'a' }, weight: 100, maximum: 10, scoredBy: 'supervisor' }] } }),
    [201],
  ),
  'GET /campaigns/:id/scoring/schemes/:schemeId': plain(() => ({ method: 'get', url: `${C}/scoring/schemes/none` }), [404]),
  'POST /campaigns/:id/scoring/rounds': unit((u) => ({ method: 'post', url: `${C}/scoring/rounds`, body: { roundId: 'none', schemeId: 'none', year: 2026, subtreeRootId: u, closesOn: day(30) } }), [404]),
  'POST /campaigns/:id/scoring/rounds/:roundId/close': plain(() => ({ method: 'post', url: `${C}/scoring/rounds/none/close` }), [404]),
  'POST /campaigns/:id/scoring/rounds/:roundId/entries': plain(() => ({ method: 'post', url: `${C}/scoring/rounds/none/entries`, body: { entries: [{ unitId: 'bureau-a', itemId: 'a', value: 1 }] } }), [404]),
  'GET /campaigns/:id/scoring/rounds/:roundId/results': unit((u) => ({ method: 'get', url: `${C}/scoring/rounds/none/results`, query: { subtreeRootId: u } }), [404]),
  'GET /campaigns/:id/scoring/upgrade-report': unit((u) => ({ method: 'get', url: `${C}/scoring/upgrade-report`, query: { subtreeRootId: u } }), [200]),
  'GET /holiday-calendar': plain(() => ({ method: 'get', url: '/holiday-calendar' }), [200]),
  'PUT /holiday-calendar/years/:year': plain(
    () => ({
      method: 'put',
      url: '/holiday-calendar/years/2027',
      body: {
        holidays: [{ name: { zh: '元旦', en: "New Year's Day" }, days: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
        workingWeekends: ['2027-02-14'],
      },
    }),
    [200],
  ),
  'GET /notification-routes': plain(() => ({ method: 'get', url: '/notification-routes' }), [200]),
  'PUT /notification-routes': plain(() => ({ method: 'put', url: '/notification-routes', body: { role: 'office', channel: 'console' } }), [200]),
  'DELETE /notification-routes': plain(() => ({ method: 'delete', url: '/notification-routes', query: { role: 'office' } }), [200, 404]),
  'POST /notification-routes/test-send': plain(() => ({ method: 'post', url: '/notification-routes/test-send', body: { channel: 'wecom', address: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=x' } }), [200]),
};

// ------------------------------------------------------------------ the cases, from the declared routes

/** The routes as the app declares them (no server needed to list them). */
const DECLARED: readonly RouteTable[] = createApp({ temporal: {} as never, storage: {} as never, taskQueue: 'matrix' }).routeTable;
const keyOf = (route: Pick<RouteTable, 'method' | 'path'>) => `${route.method} ${route.path}`;

interface Case {
  route: RouteTable;
  entry: Entry;
  caller: Caller;
  relation: Relation | 'none';
  target: string;
  n: number;
}

function admits(route: RouteTable, role: Role): boolean {
  return route.roles === 'public' || route.roles === 'authenticated' || route.roles.includes(role);
}

let counter = 0;
const CASES: Case[] = DECLARED.flatMap((route) => {
  const entry = MATRIX[keyOf(route)];
  if (!entry) return [];
  return CALLERS.flatMap((caller): Case[] => {
    if (!entry.unitScoped) return [{ route, entry, caller: caller.id, relation: 'none', target: '', n: ++counter }];
    return (Object.entries(TARGETS[caller.id]) as Array<[Relation, string]>).map(([relation, target]) => ({ route, entry, caller: caller.id, relation, target, n: ++counter }));
  });
});

/** What a case must get: a role refusal, an out-of-scope refusal (404), or through. */
function expected(c: Case): 'role' | 'scope' | 'through' {
  const caller = callerOf(c.caller);
  if (!admits(c.route, caller.role)) return 'role';
  if (c.entry.unitScoped && !caller.sees.includes(c.target)) return 'scope';
  return 'through';
}

// ------------------------------------------------------------------ the leak walk

interface Secret {
  unitId: string;
  what: string;
  test: (text: string) => boolean;
}

const idPattern = (id: string) => new RegExp(`(?<![A-Za-z0-9_-])${id.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`);

/** Everything about the units outside the caller's scope that no body may carry. */
function secretsFor(caller: Caller, allowed: string[] = []): Secret[] {
  const sees = new Set([...callerOf(caller).sees, ...allowed]);
  return ALL_ROWS.filter((row) => !sees.has(row.id)).flatMap((row) => {
    const secretary = row.secretary as { name: string; email?: string; phone?: string };
    const values = [
      { what: 'id', test: (text: string) => idPattern(row.id).test(text) },
      { what: 'name', test: (text: string) => text.includes(row.name) },
      { what: 'secretary name', test: (text: string) => text.includes(secretary.name) },
      ...(secretary.email ? [{ what: 'secretary e-mail', test: (text: string) => text.includes(secretary.email!) }] : []),
      ...(secretary.phone ? [{ what: 'secretary phone', test: (text: string) => text.includes(secretary.phone!) }] : []),
    ];
    // An id that is only the request's own echo is allowed (see `allowed`); a name never is.
    return values.filter((v) => !(allowed.includes(row.id) && v.what === 'id')).map((v) => ({ unitId: row.id, ...v }));
  });
}

/** Every string in a body (keys included), with its JSON path. */
function strings(value: unknown, path = '$'): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.${k} (key)`, text: k }, ...strings(v, `${path}.${k}`)]);
  }
  return [];
}

function leaks(body: unknown, caller: Caller, allowed: string[] = []): string[] {
  const secrets = secretsFor(caller, allowed);
  return strings(body).flatMap(({ path, text }) => secrets.filter((s) => s.test(text)).map((s) => `${path}: the ${s.what} of "${s.unitId}" in ${JSON.stringify(text).slice(0, 160)}`));
}

// ------------------------------------------------------------------ set-up

let t: ApiTestEnv;
const tokens = {} as Record<Caller, string>;
const api = () => request(t.server.url);
const as = (caller: Caller) => ({ Authorization: `Bearer ${tokens[caller]}` });

async function send(caller: Caller, call: Call): Promise<request.Response> {
  let req = api()[call.method](call.url).set(as(caller));
  if (call.query) req = req.query(call.query);
  return call.body === undefined ? req : req.send(call.body as object);
}

beforeAll(async () => {
  // The shared cast's office and supervisors (li, wang), over this file's own tree.
  t = await startApiTestEnv({ importUnits: false });
  await t.h.units.importTree(parseUnitsJson(ROWS));
  await t.users.createUser({ id: 'zhou', name: '周部長', role: 'supervisor' });
  await t.users.createUser({ id: 'u1', name: '一隊聯絡員', role: 'unit', unitId: 'bureau-a-team1' });
  await t.users.createUser({ id: 'u4', name: '三隊聯絡員', role: 'unit', unitId: 'bureau-a-team3-cell' });
  for (const caller of CALLERS) tokens[caller.id] = caller.id in t.tokens ? t.tokens[caller.id as keyof typeof t.tokens] : await t.users.issueToken(caller.id);

  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: matrixPlan() })).status).toBe(201);
  for (const subtreeRootId of ['bureau-a', 'county-b']) {
    expect((await api().post(`${C}/starts`).set(as('office')).send({ subtreeRootId, requestId: `mx-start-${subtreeRootId}` })).status).toBe(202);
  }
  await t.h.storage.members.importMembers(parseMembersJson(ALL_UNITS.map((unitId) => ({ id: `mx-m-${unitId}`, unitId, name: '測試黨員' }))));
  for (const unitId of ALL_UNITS) {
    await eventually(async () => (await api().get(U(unitId)).set(as('office'))).status === 200, 30_000);
    const item = await api().post(`${U(unitId)}/rectifications`).set(as('office')).send({ itemId: 'mx-base', description: '基礎整改事項' });
    expect(item.status).toBe(201);
    const commitment = await api().post(`${U(unitId)}/commitments`).set(as('office')).send({ commitmentId: 'mx-kbase', content: '基礎承諾', dueDate: day(20), audience: 'masses', channels: ['meeting'] });
    expect(commitment.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

// ------------------------------------------------------------------ the tests

describe('the matrix covers the declared routes', () => {
  test('when a route is declared, then it has a matrix entry, and every entry is a declared route', () => {
    const declared = DECLARED.map(keyOf).sort();
    expect(declared.filter((key) => !MATRIX[key])).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !declared.includes(key))).toEqual([]);
    expect(declared.length).toBeGreaterThan(30);
  });

  test('when the cases are generated, then each unit-scoped route has every caller at every relation it has, and the rest every caller', () => {
    const relations = Object.values(TARGETS).reduce((n, targets) => n + Object.keys(targets).length, 0);
    const scoped = DECLARED.filter((r) => MATRIX[keyOf(r)]?.unitScoped).length;
    const plainRoutes = DECLARED.filter((r) => MATRIX[keyOf(r)] && !MATRIX[keyOf(r)].unitScoped).length;
    expect(CASES).toHaveLength(scoped * relations + plainRoutes * CALLERS.length);
    // The dimensions: three roles, five relations.
    expect(new Set(CALLERS.map((c) => c.role))).toEqual(new Set(['admin', 'supervisor', 'unit']));
    expect(new Set(CASES.map((c) => c.relation))).toEqual(new Set(['own', 'descendant', 'ancestor', 'sibling', 'other tree', 'none']));
  });
});

const title = (c: Case) =>
  `${c.caller} (${callerOf(c.caller).about})${c.relation === 'none' ? '' : `, ${c.relation} unit ${c.target}`}: ${
    { role: '403 for the role', scope: '404 as for an unknown unit', through: 'let through' }[expected(c)]
  }`;

describe.each(DECLARED.filter((r) => MATRIX[keyOf(r)]).map((r) => [keyOf(r), r] as const))('%s', (key) => {
  test.each(CASES.filter((c) => keyOf(c.route) === key).map((c) => [title(c), c] as const))('%s', async (_title, c) => {
    const call = c.entry.call(c.target, c.n);
    const res = await send(c.caller, call);
    const outcome = expected(c);
    const where = `${call.method.toUpperCase()} ${call.url} ${JSON.stringify(call.query ?? {})} as ${c.caller}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;

    if (outcome === 'role') {
      expect({ where, status: res.status, error: res.body.error }).toEqual({ where, status: 403, error: 'Forbidden' });
    } else if (outcome === 'scope') {
      expect({ where, status: res.status }).toEqual({ where, status: 404 });
      // The same answer, word for word, as for a unit that does not exist.
      const ghost = await send(c.caller, c.entry.call(GHOST, c.n));
      expect({ status: ghost.status, body: JSON.parse(JSON.stringify(ghost.body).split(GHOST).join(c.target)) }).toEqual({ status: res.status, body: res.body });
    } else {
      expect({ where, ok: c.entry.ok.includes(res.status) }).toEqual({ where, ok: true });
    }
    // Whatever the answer, nothing about units outside the caller's scope (the unit asked about may be echoed).
    expect(leaks(res.body, c.caller, outcome === 'scope' ? [c.target] : [])).toEqual([]);
    expect(leaks(res.headers, c.caller, outcome === 'scope' ? [c.target] : [])).toEqual([]);
  });
});

// ------------------------------------------------------------------ the leaks of the probe, one by one

describe('the leaks the probe found', () => {
  test('when a supervisor of another tree reads the progress, then only their subtree is counted and no unit of the other tree is named', async () => {
    const office = await api().get(`${C}/progress`).set(as('office'));
    const wang = await api().get(`${C}/progress`).set(as('wang'));
    const zhou = await api().get(`${C}/progress`).set(as('zhou'));
    expect(office.status).toBe(200);
    expect(office.body.requests.length).toBeGreaterThan(0);
    expect(office.body.scope).toEqual({ kind: 'campaign', rootUnitIds: null });
    expect(office.body.startedUnits).toBeGreaterThanOrEqual(ALL_UNITS.length);
    expect(wang.status).toBe(200);
    expect(wang.body).toMatchObject({ requests: [], startedUnits: 2, totals: { started: 2, requested: null }, scope: { kind: 'subtrees', rootUnitIds: ['county-b'] } });
    expect(wang.body.phaseCounts.reduce((n: number, p: { units: number }) => n + p.units, 0)).toBe(2);
    expect(zhou.body).toMatchObject({ startedUnits: 2, scope: { rootUnitIds: ['bureau-a-team3'] } });
    expect(leaks(wang.body, 'wang')).toEqual([]);
    expect(leaks(zhou.body, 'zhou')).toEqual([]);
  });

  test("when a unit user lists its subtree, then it holds only itself, as GET /units/:child is 404 for it", async () => {
    const page = await api().get('/units/bureau-a-team1/subtree').set(as('u1'));
    expect(page.status).toBe(200);
    expect(page.body.units.map((u: { id: string }) => u.id)).toEqual(['bureau-a-team1']);
    expect(page.body.units[0]).toMatchObject({ parentId: null, path: '/bureau-a-team1/', secretary: { name: '王隊書記' } });
    const child = await api().get('/units/bureau-a-team1-cell').set(as('u1'));
    expect(child.status).toBe(404);
    expect(JSON.stringify(child.body)).not.toContain('孫組長');
    // The supervisor of the tree still lists the child with its secretary's contact details.
    const li = await api().get('/units/bureau-a-team1/subtree').set(as('li'));
    expect(li.body.units.map((u: { id: string }) => u.id)).toEqual(['bureau-a-team1', 'bureau-a-team1-cell']);
    expect(li.body.units[1].secretary).toEqual({ name: '孫組長', email: 'sun@example.test', phone: '13800000001' });
  });

  test('when a unit user asks for an unknown unit and for an existing one outside its scope, then both are the same 404', async () => {
    const unknown = await api().get(`/units/${GHOST}`).set(as('u1'));
    const existing = await api().get('/units/county-b-village1').set(as('u1'));
    expect(unknown.status).toBe(404);
    expect(existing.status).toBe(404);
    expect(existing.body.message.replace('county-b-village1', GHOST)).toBe(unknown.body.message);
    // The office still learns that a unit does not exist.
    expect((await api().get(`/units/${GHOST}`).set(as('office'))).status).toBe(404);
  });

  test('when a supervisor records an event on their own subtree naming an out-of-scope unit for a rectification, then the answer is the one acting on that unit directly gets, and nothing is recorded', async () => {
    const event = await api()
      .post(`${C}/supervision-events`)
      .set(as('zhou'))
      .send({ eventId: 'mx-cross-scope', kind: 'open_visit', subtreeRootId: 'bureau-a-team3', findings: '明查', rectifications: [{ unitId: 'bureau-a-team2', description: '越權整改' }] });
    const direct = await api().post(`${U('bureau-a-team2')}/rectifications`).set(as('zhou')).send({ description: '越權整改' });
    expect(direct.status).toBe(404);
    expect({ status: event.status, body: event.body }).toEqual({ status: direct.status, body: direct.body });
    const recorded = await t.h.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE idempotency_key LIKE '%/supervision/mx-cross-scope%'");
    expect(recorded.rows[0].n).toBe(0);
    // A unit of the subtree that the event does not concern is still 400, naming the field.
    const notConcerned = await api()
      .post(`${C}/supervision-events`)
      .set(as('zhou'))
      .send({ eventId: 'mx-not-concerned', kind: 'open_visit', unitIds: ['bureau-a-team3'], findings: '明查', rectifications: [{ unitId: 'bureau-a-team3-cell', description: '整改' }] });
    expect(notConcerned.status).toBe(400);
    expect(notConcerned.body.problems.map((p: { path: string }) => p.path)).toEqual(['rectifications.0.unitId']);
  });

  test('when a supervisor pages the overdue board after a unit outside their scope, then it is refused as an unknown unit is', async () => {
    const outside = await api().get(`${C}/overdue`).query({ subtreeRootId: 'bureau-a-team3', afterUnitId: 'county-b-village1' }).set(as('zhou'));
    const unknown = await api().get(`${C}/overdue`).query({ subtreeRootId: 'bureau-a-team3', afterUnitId: GHOST }).set(as('zhou'));
    expect(outside.status).toBe(400);
    expect(JSON.parse(JSON.stringify(outside.body).split('county-b-village1').join(GHOST))).toEqual(unknown.body);
  });
});

// ------------------------------------------------------------------ positive controls

describe('each caller can still do its own work', () => {
  test('when u4 submits its task and zhou approves it, then it is approved; u4 reads it back and its own ledger', async () => {
    const submitted = await api().post(`${U('bureau-a-team3-cell')}/tasks/public-commitment/submit`).set(as('u4')).send(evidence);
    expect(submitted.status).toBe(200);
    const approved = await api().post(`${U('bureau-a-team3-cell')}/tasks/public-commitment/approve`).set(as('zhou')).send({ comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const view = await api().get(U('bureau-a-team3-cell')).set(as('u4'));
    expect(view.body.tasks.find((task: { taskId: string }) => task.taskId === 'public-commitment').status).toBe('approved');
    const ledger = await api().get(`${C}/ledger`).set(as('u4'));
    expect(ledger.status).toBe(200);
    expect(new Set(ledger.body.entries.map((e: { unitId: string }) => e.unitId))).toEqual(new Set(['bureau-a-team3-cell']));
  });

  test('when li reviews a unit deep in the tree and wang reads his overdue board, then both succeed within their scope', async () => {
    const review = await api()
      .post(`${U('bureau-a-team1-cell')}/reviews`)
      .set(as('li'))
      .send({ periodId: PERIOD, comment: '扎實', strengths: '學習扎實', weaknesses: '記錄不全', rating: 'excellent' });
    expect([201, 409]).toContain(review.status);
    const board = await api().get(`${C}/overdue`).query({ subtreeRootId: 'county-b' }).set(as('wang'));
    expect(board.status).toBe(200);
    expect(board.body.counts.units).toBe(2);
    expect(leaks(board.body, 'wang')).toEqual([]);
  });

  test("when each caller reads their duties, then every duty is about one of their units", async () => {
    for (const caller of CALLERS) {
      const res = await api().get('/me/duties').set(as(caller.id));
      expect(res.status).toBe(200);
      for (const duty of res.body.duties as Array<{ unitId: string }>) expect(caller.sees).toContain(duty.unitId);
    }
  });
});

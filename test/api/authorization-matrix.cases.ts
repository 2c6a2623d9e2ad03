/**
 * The authorisation matrix's world and cases (issue 10), shared by the jest
 * matrix (test/api/authorization-matrix.test.ts) and the chaos suite, which
 * replays its refusals against the API as its own process and checks that
 * they leave no trace in Temporal or the ledger.
 */
import { createApp } from '../../api/app';
import type { RouteTable } from '../../api/route';
import { addDays } from '../../domain/calendar';
import type { Role } from '../../domain/labels';
import type { PlanInput } from '../../domain/plan';
import { localToday, planStartingToday } from './support';

// ------------------------------------------------------------------ the world

export const CAMPAIGN = 'matrix';
export const TODAY = localToday();
export const day = (n: number) => addDays(TODAY, n);
export const PERIOD = `mobilization/${TODAY}`;
/** An id no unit has: what every out-of-scope answer must look like. */
export const GHOST = 'mx-ghost-unit';

/** Ids no English word or plan text contains, so that the leak walk finds only real leaks. */
export const ROWS = [
  { id: 'bureau-a', parentId: null, name: '甲局黨委', type: 'state_enterprise', secretary: { name: '張局書記', email: 'zhang.a@example.test', phone: '13800000010' }, supervisors: ['li'] },
  { id: 'bureau-a-team1', parentId: 'bureau-a', name: '甲局一隊支部', type: 'state_enterprise', secretary: { name: '王隊書記', email: 'wang.t1@example.test' }, supervisors: [] },
  { id: 'bureau-a-team1-cell', parentId: 'bureau-a-team1', name: '一隊黨小組', type: 'state_enterprise', secretary: { name: '孫組長', email: 'sun@example.test', phone: '13800000001' }, supervisors: [] },
  { id: 'bureau-a-team2', parentId: 'bureau-a', name: '甲局二隊支部', type: 'state_enterprise', secretary: { name: '劉隊書記', email: 'liu.t2@example.test' }, supervisors: [] },
  { id: 'bureau-a-team3', parentId: 'bureau-a', name: '甲局三隊支部', type: 'state_enterprise', secretary: { name: '周隊書記', email: 'zhou.t3@example.test' }, supervisors: ['zhou'] },
  { id: 'bureau-a-team3-cell', parentId: 'bureau-a-team3', name: '三隊黨小組', type: 'state_enterprise', secretary: { name: '吳組長', email: 'wu@example.test', phone: '13800000002' }, supervisors: [] },
  { id: 'county-b', parentId: null, name: '乙縣黨委', type: 'community', secretary: { name: '陳縣書記', email: 'chen.b@example.test' }, supervisors: ['wang'] },
  { id: 'county-b-village1', parentId: 'county-b', name: '乙縣一村支部', type: 'community', secretary: { name: '趙村書記', email: 'zhao.v1@example.test' }, supervisors: [] },
];
export const ALL_ROWS = ROWS;
export const ALL_UNITS = ALL_ROWS.map((row) => row.id);

export type Caller = 'office' | 'li' | 'zhou' | 'wang' | 'u1' | 'u4';
export const CALLERS: Array<{ id: Caller; role: Role; about: string; sees: string[] }> = [
  { id: 'office', role: 'admin', about: 'the office', sees: ALL_UNITS },
  { id: 'li', role: 'supervisor', about: 'supervisor of a whole tree', sees: ALL_UNITS.filter((id) => id.startsWith('bureau-a')) },
  { id: 'zhou', role: 'supervisor', about: 'supervisor of one branch', sees: ['bureau-a-team3', 'bureau-a-team3-cell'] },
  { id: 'wang', role: 'supervisor', about: 'supervisor of another tree', sees: ['county-b', 'county-b-village1'] },
  { id: 'u1', role: 'unit', about: 'unit user with a child unit', sees: ['bureau-a-team1'] },
  { id: 'u4', role: 'unit', about: 'unit user of a leaf', sees: ['bureau-a-team3-cell'] },
];
export const callerOf = (id: Caller) => CALLERS.find((c) => c.id === id)!;

export type Relation = 'own' | 'descendant' | 'ancestor' | 'sibling' | 'other tree';
/** The target unit of each relation, per caller (the office's taken from bureau-a-team1: it sees every unit). */
export const TARGETS: Record<Caller, Partial<Record<Relation, string>>> = {
  office: { own: 'bureau-a-team1', descendant: 'bureau-a-team1-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  li: { own: 'bureau-a', descendant: 'bureau-a-team3-cell', sibling: 'county-b', 'other tree': 'county-b-village1' },
  zhou: { own: 'bureau-a-team3', descendant: 'bureau-a-team3-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  wang: { own: 'county-b', descendant: 'county-b-village1', 'other tree': 'bureau-a-team1' },
  u1: { own: 'bureau-a-team1', descendant: 'bureau-a-team1-cell', ancestor: 'bureau-a', sibling: 'bureau-a-team2', 'other tree': 'county-b-village1' },
  u4: { own: 'bureau-a-team3-cell', ancestor: 'bureau-a-team3', sibling: 'bureau-a-team1-cell', 'other tree': 'county-b' },
};

export function matrixPlan(): PlanInput {
  const plan = planStartingToday('matrix-plan', TODAY);
  return { ...plan, pointReviews: [{ phase: 'mobilization', every: 'once' }], rectification: { listOpenItemsAtEndOf: 'mobilization', defaultDays: 30 } } as PlanInput;
}

// ------------------------------------------------------------------ the matrix entries

export interface Call {
  method: 'get' | 'post' | 'put' | 'delete';
  url: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface Entry {
  /** Builds the call; `unit` is the target unit of unit-scoped routes, `n` a number unique to the case. */
  call: (unit: string, n: number) => Call;
  /** Whether the route acts on (or reads) one unit, given in the path, query or body. */
  unitScoped: boolean;
  /** The statuses of a call let through (the route's own answers, not refusals). */
  ok: number[];
}

export const C = `/campaigns/${CAMPAIGN}`;
export const U = (unit: string) => `${C}/units/${unit}`;
export const evidence = { evidence: { text: '材料已上傳', links: [] } };
export const unit = (call: Entry['call'], ok: number[]): Entry => ({ call, unitScoped: true, ok });
export const plain = (call: (n: number) => Call, ok: number[]): Entry => ({ call: (_u, n) => call(n), unitScoped: false, ok });

export const MATRIX: Record<string, Entry> = {
  'GET /health': plain(() => ({ method: 'get', url: '/health' }), [200]),
  'GET /templates': plain(() => ({ method: 'get', url: '/templates' }), [200]),
  'GET /templates/:id': plain(() => ({ method: 'get', url: '/templates/seed-003-bureau' }), [200]),
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
  // 403 for a unit user opening its own unit: the units below it are not its own.
  'GET /campaigns/:id/tree': unit((u) => ({ method: 'get', url: `${C}/tree`, query: { parentId: u } }), [200, 403]),
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
  'GET /ready': plain(() => ({ method: 'get', url: '/ready' }), [200]),
  'POST /session': plain(() => ({ method: 'post', url: '/session', body: { token: 'not-a-token-anyone-was-issued' } }), [401]),
  'GET /session': plain(() => ({ method: 'get', url: '/session' }), [200]),
  'DELETE /session': plain(() => ({ method: 'delete', url: '/session' }), [200]),
  'GET /campaigns/:id/summary-report': unit((u) => ({ method: 'get', url: `${C}/summary-report`, query: { subtreeRootId: u } }), [200]),
  'POST /plans/simulate': plain(() => ({ method: 'post', url: '/plans/simulate', body: { template: 'seed-000-regiment', assumptions: { units: { agency: 3 } } } }), [200]),
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/close-recommendations': plain(
    () => ({ method: 'post', url: `${C}/commendations/none/levels/branch/close-recommendations`, body: { reason: '各單位均已推薦' } }),
    [404],
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
  'GET /campaigns/:id/scoring/rounds': unit((u) => ({ method: 'get', url: `${C}/scoring/rounds`, query: { subtreeRootId: u } }), [200]),
};

// ------------------------------------------------------------------ the cases, from the declared routes

/** The routes as the app declares them (no server needed to list them). */
export const DECLARED: readonly RouteTable[] = createApp({ temporal: {} as never, storage: {} as never, taskQueue: 'matrix' }).routeTable;
export const keyOf = (route: Pick<RouteTable, 'method' | 'path'>) => `${route.method} ${route.path}`;

export interface Case {
  route: RouteTable;
  entry: Entry;
  caller: Caller;
  relation: Relation | 'none';
  target: string;
  n: number;
}

export function admits(route: RouteTable, role: Role): boolean {
  return route.roles === 'public' || route.roles === 'authenticated' || route.roles.includes(role);
}

let counter = 0;
export const CASES: Case[] = DECLARED.flatMap((route) => {
  const entry = MATRIX[keyOf(route)];
  if (!entry) return [];
  return CALLERS.flatMap((caller): Case[] => {
    if (!entry.unitScoped) return [{ route, entry, caller: caller.id, relation: 'none', target: '', n: ++counter }];
    return (Object.entries(TARGETS[caller.id]) as Array<[Relation, string]>).map(([relation, target]) => ({ route, entry, caller: caller.id, relation, target, n: ++counter }));
  });
});

/** What a case must get: a role refusal, an out-of-scope refusal (404), or through. */
export function expected(c: Case): 'role' | 'scope' | 'through' {
  const caller = callerOf(c.caller);
  if (!admits(c.route, caller.role)) return 'role';
  if (c.entry.unitScoped && !caller.sees.includes(c.target)) return 'scope';
  return 'through';
}


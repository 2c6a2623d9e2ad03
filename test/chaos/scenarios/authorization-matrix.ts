/**
 * The authorisation matrix of test/api/authorization-matrix.cases.ts (every
 * declared route × the office, supervisors and unit users × own, descendant,
 * ancestor, sibling, other tree, and no unit), replayed against the API as its
 * own process, plus every non-public route without a token. Only the cases that
 * must be refused are sent: each must be refused (401/403/404), and together
 * they must leave no trace: not one ledger row, not one workflow, not one
 * history event.
 */
import type { Client } from '@temporalio/client';
import { createStorage } from '../../../adapters/storage';
import { parseMembersJson } from '../../../domain/members';
import { ALL_UNITS, C, CALLERS, CAMPAIGN, CASES, DECLARED, ROWS, U, day, expected, keyOf, matrixPlan, type Call } from '../../api/authorization-matrix.cases';
import { call, pool } from '../http';
import type { Scenario } from '../scenario';
import type { Service } from '../service';
import { issueTokens, sleep, until } from '../stack';
import { temporalClient } from '../temporal-client';

function send(service: Service, token: string | undefined, c: Call) {
  const query = c.query ? `?${new URLSearchParams(c.query)}` : '';
  return call(service.api.url, c.method, `${c.url}${query}`, { token, body: c.body, timeoutMs: 30_000 });
}

/** Ledger rows, workflows and history events, read until two reads agree. */
async function traces(service: Service, client: Client): Promise<string> {
  const read = async () => {
    const { rows: [ledger] } = await service.db.pool.query('SELECT count(*)::int AS n FROM ledger');
    let workflows = 0;
    let events = 0;
    for await (const w of client.workflow.list()) {
      workflows += 1;
      if (w.workflowId.includes(CAMPAIGN)) events += (await client.workflow.getHandle(w.workflowId, w.runId).describe()).historyLength;
    }
    return `ledger rows ${ledger.n}, workflows ${workflows}, matrix history events ${events}`;
  };
  let previous = await read();
  for (let i = 0; i < 20; i += 1) {
    await sleep(1_500);
    const current = await read();
    if (current === previous) return current;
    previous = current;
  }
  throw new Error(`Temporal and the ledger did not settle: ${previous}`);
}

export const authorizationMatrix: Scenario = {
  name: 'authorization-matrix',
  criterion: '100 % refused outside scope; a refused request leaves no trace in Temporal or the ledger',
  budgetMs: (quick) => (quick ? 240_000 : 600_000),
  async run({ shared, scope, log }) {
    const service = await shared();
    const office = service.office;
    const imported = await call(service.api.url, 'post', '/units/import', { token: office, body: ROWS });
    if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${JSON.stringify(imported.body)}`);
    const tokens: Record<string, string> = {
      office,
      ...(await issueTokens(service.db, [
        { id: 'li', role: 'supervisor' },
        { id: 'zhou', role: 'supervisor' },
        { id: 'wang', role: 'supervisor' },
        { id: 'u1', role: 'unit', unitId: 'bureau-a-team1' },
        { id: 'u4', role: 'unit', unitId: 'bureau-a-team3-cell' },
      ])),
    };
    // li and wang supervise the two trees (ROWS names them), zhou one branch.
    const defined = await call(service.api.url, 'post', '/campaigns', { token: office, body: { id: CAMPAIGN, plan: matrixPlan() }, timeoutMs: 60_000 });
    if (defined.status !== 201) throw new Error(`definition answered ${defined.status}: ${JSON.stringify(defined.body)}`);
    for (const subtreeRootId of ['bureau-a', 'county-b']) await call(service.api.url, 'post', `${C}/starts`, { token: office, body: { subtreeRootId, requestId: `mx-start-${subtreeRootId}` }, timeoutMs: 60_000 });
    await createStorage(service.db.pool).members.importMembers(parseMembersJson(ALL_UNITS.map((unitId) => ({ id: `mx-m-${unitId}`, unitId, name: '測試黨員' }))));
    for (const unitId of ALL_UNITS) {
      await until(`${unitId} runs`, async () => (await call(service.api.url, 'get', U(unitId), { token: office })).status === 200, 90_000, 500);
      await call(service.api.url, 'post', `${U(unitId)}/rectifications`, { token: office, body: { itemId: 'mx-base', description: '基礎整改事項' }, timeoutMs: 60_000 });
      await call(service.api.url, 'post', `${U(unitId)}/commitments`, { token: office, body: { commitmentId: 'mx-kbase', content: '基礎承諾', dueDate: day(20), audience: 'masses', channels: ['meeting'] }, timeoutMs: 60_000 });
    }
    const client = await temporalClient(scope, service.temporal.address);
    const before = await traces(service, client);
    log(`before: ${before}`);

    const refusals = CASES.filter((c) => expected(c) !== 'through');
    const anonymous = DECLARED.filter((r) => r.roles !== 'public');
    const wrong: string[] = [];
    const answers = await pool(refusals, 8, async (c) => {
      const request = c.entry.call(c.target, c.n);
      const reply = await send(service, tokens[c.caller], request);
      const want = expected(c) === 'role' ? 403 : 404;
      if (reply.status !== want) wrong.push(`${request.method.toUpperCase()} ${request.url} as ${c.caller} (${c.relation}): ${reply.status}, expected ${want}`);
      return reply.status;
    });
    const unauth = await pool(anonymous, 8, async (route) => {
      const entry = CASES.find((c) => keyOf(c.route) === keyOf(route))!;
      const request = entry.entry.call(entry.target || 'bureau-a-team1', entry.n);
      const reply = await send(service, undefined, request);
      if (reply.status !== 401) wrong.push(`${request.method.toUpperCase()} ${request.url} without a token: ${reply.status}, expected 401`);
      return reply.status;
    });
    const after = await traces(service, client);
    const relations = new Set(refusals.map((c) => c.relation));
    const refused = answers.filter((s) => s === 403 || s === 404).length + unauth.filter((s) => s === 401).length;
    const total = refusals.length + anonymous.length;
    return {
      pass: wrong.length === 0 && before === after,
      figures: `${DECLARED.length} routes × ${CALLERS.length} callers × ${relations.size} relations: ${refusals.length} must-refuse cases + ${anonymous.length} without a token; refused ${refused}/${total} (${((100 * refused) / total).toFixed(1)} %); traces before/after: ${before === after ? 'identical' : `CHANGED (${before} → ${after})`}`,
      notes: wrong.slice(0, 8),
    };
  },
};

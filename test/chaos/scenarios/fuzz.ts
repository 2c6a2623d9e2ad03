/**
 * Fuzzed requests generated with fast-check from the live OpenAPI document:
 * bodies shaped by each route's schema, wrong types, injected fields, deep and
 * huge bodies, unicode edge cases and odd ids. Nothing may answer 5xx or hang;
 * a body with an unknown key is 400; a body over the route's limit is 413.
 */
import fc from 'fast-check';
import { call, pool, type Reply } from '../http';
import { arbitraryFor, isObjectSchema, operationsOf, unicodeEdge, type Operation } from '../openapi';
import type { Scenario } from '../scenario';
import { startCampaign } from '../service';

type Kind = 'shaped' | 'wrong-types' | 'injected' | 'deep' | 'huge' | 'odd-id' | 'no-token';

/** The body limits the routes declare (api/route.ts: 1 MB unless a route says more). */
function bodyLimitOf(op: Operation): number {
  if (op.path === '/units/import' || op.path === '/members/import') return 100 * 2 ** 20;
  if (op.path === '/units/{id}/members/import' || op.path === '/campaigns/{id}/starts') return 10 * 2 ** 20;
  if (op.path === '/campaigns/{id}/supervision-events') return 2 * 2 ** 20;
  return 2 ** 20;
}

function deepJson(depth: number, arrays: boolean): string {
  return arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const ODD_IDS = ['%', '%E0%A4%A', '..', '%2e%2e%2f', 'a'.repeat(5000), '%00', encodeURIComponent('創先爭優'), encodeURIComponent('\u202e'), '%F0%9F%98%80', "1' OR '1'='1", '{id}', '-1', '0x10'];

export const fuzz: Scenario = {
  name: 'fuzz-openapi',
  criterion: '0 5xx and 0 hangs; unknown keys 400; oversized bodies 413',
  budgetMs: (quick) => (quick ? 180_000 : 900_000),
  async run({ quick, shared, log }) {
    const service = await shared();
    const campaign = await startCampaign(service, 'fuzz', 3);
    const doc = (await call(service.api.url, 'get', '/openapi.json')).body;
    const ops = operationsOf(doc).filter((op) => op.path !== '/openapi.json');
    const total = quick ? 1_000 : 10_000;
    const real = (op: Operation, name: string): string => {
      if (name === 'unitId' || (name === 'id' && op.path.startsWith('/units/'))) return campaign.units[1];
      if (name === 'id' || name === 'campaignId') return campaign.id;
      if (name === 'taskId') return 'study-report';
      return 'x';
    };
    const kinds: Kind[] = ['shaped', 'shaped', 'wrong-types', 'injected', 'injected', 'deep', 'huge', 'odd-id', 'no-token'];
    const specs = fc.sample(
      fc.record({ op: fc.constantFrom(...ops), kind: fc.constantFrom(...kinds), seed: fc.integer(), odd: fc.constantFrom(...ODD_IDS), anything: fc.anything({ maxDepth: 3 }), extraKey: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), unicodeEdge.filter((s) => s.length > 0)) }),
      { numRuns: total, seed: 17 },
    );
    // The 100 MB routes are sent one oversized body each, not one per draw.
    const bigOnce = new Set<string>();
    const building = Date.now();
    const requests = specs.map(({ op, kind, seed, odd, anything, extraKey }) => {
      const params = Object.fromEntries(op.params.map((p) => [p, encodeURIComponent(real(op, p))]));
      if (kind === 'odd-id' && op.params.length) params[op.params[Math.abs(seed) % op.params.length]] = odd;
      const path = op.path.replace(/\{([^}]+)\}/g, (_, p) => params[p]);
      const hasBody = op.method !== 'get' && op.method !== 'delete';
      let body: unknown;
      let raw: { data: string | Buffer; type: string } | undefined;
      let expect: 'no-5xx' | '400' | '413' = 'no-5xx';
      if (hasBody) {
        const shaped = op.bodySchema ? fc.sample(arbitraryFor(op.bodySchema, doc), { numRuns: 1, seed })[0] : {};
        body = shaped;
        if (kind === 'wrong-types') body = anything;
        if (kind === 'injected' && op.bodySchema && isObjectSchema(op.bodySchema, doc) && shaped && typeof shaped === 'object' && !Array.isArray(shaped)) {
          const key = `${extraKey}` in (shaped as object) ? `${extraKey}-injected` : extraKey;
          body = { ...(shaped as object), [key]: anything ?? 1 };
          expect = '400';
        }
        if (kind === 'deep') raw = { data: deepJson(seed % 2 ? 100_000 : 5_000, seed % 3 === 0), type: 'application/json' };
        if (kind === 'huge') {
          const limit = bodyLimitOf(op);
          if (limit <= 10 * 2 ** 20 || !bigOnce.has(op.path)) {
            bigOnce.add(op.path);
            raw = { data: JSON.stringify({ filler: 'x'.repeat(limit + 1024) }), type: 'application/json' };
            expect = '413';
          }
        }
      }
      return { op, kind, path, body, raw, expect, token: kind === 'no-token' ? undefined : service.office };
    });
    // Building 10,000 requests blocks this event loop for seconds; the server meanwhile closes
    // the client's idle keep-alive sockets, and the close is only seen once the loop turns.
    // Without this pause the first request is written on a socket already closed (a reset).
    log(`built ${requests.length} requests in ${((Date.now() - building) / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const replies: Reply[] = await pool(requests, 16, (r) =>
      call(service.api.url, r.op.method, r.path, { token: r.token, ...(r.raw ? { raw: r.raw } : r.body !== undefined ? { body: r.body } : {}), timeoutMs: 30_000 }),
    );
    const seconds = (Date.now() - started) / 1000;
    const failures: string[] = [];
    let fiveXx = 0;
    let hangs = 0;
    let injectedNot400 = 0;
    let hugeNot413 = 0;
    const byKind = new Map<string, number>();
    replies.forEach((reply, i) => {
      const r = requests[i];
      byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
      const where = `${r.kind} ${r.op.method.toUpperCase()} ${r.path.slice(0, 80)} → ${reply.hung ? 'hang' : reply.status}`;
      if (reply.hung || reply.status === 0) hangs += 1;
      else if (reply.status >= 500) fiveXx += 1;
      else if (r.expect === '400' && reply.status !== 400) injectedNot400 += 1;
      else if (r.expect === '413' && reply.status !== 413) hugeNot413 += 1;
      else return;
      if (failures.length < 8) failures.push(`${where}${reply.networkError ? ` (${reply.networkError.slice(0, 80)})` : ''}`);
    });
    log(`${requests.length} requests in ${seconds.toFixed(0)} s`);
    const injected = requests.filter((r) => r.expect === '400').length;
    const huge = requests.filter((r) => r.expect === '413').length;
    return {
      pass: fiveXx === 0 && hangs === 0 && injectedNot400 === 0 && hugeNot413 === 0,
      figures: `${requests.length} requests over ${ops.length} operations in ${seconds.toFixed(0)} s: 5xx ${fiveXx}, hangs/resets ${hangs}; unknown-key bodies ${injected} (not 400: ${injectedNot400}); oversized ${huge} (not 413: ${hugeNot413})`,
      notes: failures,
    };
  },
};

/**
 * Found by the chaos fuzz (test/chaos/scenarios/fuzz.ts): a path whose
 * percent-escapes do not decode made the router throw a URIError, which the
 * API answered with a 500. It is the client's mistake: 400, naming the path.
 */
import request from 'supertest';
import { createApp } from '../../api/app';

// The router decodes the ids before any handler runs: no storage or Temporal is reached.
const app = createApp({ temporal: {} as never, storage: {} as never, taskQueue: 'unused', logger: { error: () => undefined, warn: () => undefined } });

test.each([
  ['a lone percent sign', 'post', '/campaigns/c/units/%/rectifications'],
  ['a cut multi-byte escape', 'get', '/campaigns/c/units/%E0%A4%A/commitments/x'],
  ['an invalid escape in a campaign id', 'post', '/campaigns/%E0%A4%A/units/u/classifications'],
] as const)('when a path holds %s, then the API answers 400, not 500', async (_what, method, path) => {
  const res = await request(app)[method](path).send({});
  expect({ status: res.status, error: res.body.error, problem: res.body.problems?.[0]?.path }).toEqual({ status: 400, error: 'InvalidInput', problem: '(path)' });
});

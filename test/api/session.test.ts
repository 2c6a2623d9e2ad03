/**
 * The dashboard's sign-in (issue 18): a token becomes an HttpOnly,
 * SameSite=Strict session cookie; the cookie alone reads, a change needs the
 * session's CSRF token too; revoking the token or the session's expiry ends it.
 */
import request from 'supertest';
import { planStartingToday, startApiTestEnv, type ApiTestEnv } from './support';

let t: ApiTestEnv;
const api = () => request(t.server.url);

beforeAll(async () => {
  t = await startApiTestEnv();
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

async function signIn(person: 'office' | 'li' | 'u1') {
  const res = await api().post('/session').send({ token: t.tokens[person] });
  expect(res.status).toBe(201);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie[0].split(';')[0];
  return { res, cookie, setCookie: setCookie[0], csrf: res.body.csrfToken as string };
}

describe('signing in', () => {
  test('when a valid token is given, then the session cookie is HttpOnly and SameSite=Strict and the reply names the user with a CSRF token', async () => {
    const { res, setCookie, csrf } = await signIn('li');
    expect(setCookie).toMatch(/^campaign_session=[A-Za-z0-9_-]{20,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(res.body.user).toMatchObject({ id: 'li', role: 'supervisor', roleLabel: { zh: '上級黨組織負責人' } });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The token itself is not in the cookie.
    expect(setCookie).not.toContain(t.tokens.li);
  });

  test('when the token is unknown, then 401 and no cookie; when it is missing, then 400 naming the field', async () => {
    const bad = await api().post('/session').send({ token: 'no-such-token' });
    expect(bad.status).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const missing = await api().post('/session').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.problems).toEqual([expect.objectContaining({ path: 'token' })]);
  });
});

describe('using the session', () => {
  test('when the cookie is sent, then reads answer as for the token, and scope is the same as the API gives the token', async () => {
    const { cookie } = await signIn('u1');
    const me = await api().get('/session').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe('u1');
    // u1 sees only its own unit: another unit is 404 as for an unknown one, with the cookie as with the token.
    const viaCookie = await api().get('/units/committee-b2').set('Cookie', cookie);
    const viaToken = await api().get('/units/committee-b2').set('Authorization', t.auth('u1'));
    expect(viaCookie.status).toBe(404);
    expect(viaCookie.body).toEqual(viaToken.body);
  });

  test('when a change is sent with the cookie but without the CSRF token, then 403; with a wrong one 403; with the right one it is done', async () => {
    const { cookie, csrf } = await signIn('office');
    const body = { id: 'session-made', plan: planStartingToday('session-made') };
    const none = await api().post('/campaigns').set('Cookie', cookie).send(body);
    expect(none.status).toBe(403);
    expect(none.body.message).toContain('X-CSRF-Token');
    const wrong = await api().post('/campaigns').set('Cookie', cookie).set('X-CSRF-Token', `${csrf}x`).send(body);
    expect(wrong.status).toBe(403);
    const right = await api().post('/campaigns').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(body);
    expect(right.status).toBe(201);
  });

  test('when the session has expired, then 401 asking to sign in again', async () => {
    const { cookie } = await signIn('li');
    await t.h.db.pool.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second'`);
    const res = await api().get('/session').set('Cookie', cookie);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('sign in again');
  });

  test('when the token signed in with is revoked, then its session ends too', async () => {
    const token = await t.users.issueToken('wang');
    const res = await api().post('/session').send({ token });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'])[0].split(';')[0];
    expect((await api().get('/session').set('Cookie', cookie)).status).toBe(200);
    await t.users.revokeToken(token);
    expect((await api().get('/session').set('Cookie', cookie)).status).toBe(401);
  });

  test('when the user signs out, then the cookie is cleared and the session no longer answers', async () => {
    const { cookie, csrf } = await signIn('office');
    const out = await api().delete('/session').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: true });
    expect(([] as string[]).concat(out.headers['set-cookie'])[0]).toMatch(/Max-Age=0/);
    expect((await api().get('/session').set('Cookie', cookie)).status).toBe(401);
  });
});

describe('the dashboard page', () => {
  test('when /app is asked for, then the built page is served from the same origin with local assets only', async () => {
    const res = await api().get('/app/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="app">');
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset.startsWith('/app/')).toBe(true);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const deep = await api().get('/app/anything/else');
    expect(deep.status).toBe(200);
    expect((await api().get('/')).headers.location).toBe('/app/');
  });
});

/**
 * The dashboard's sign-in. POST /session turns a bearer token into a session
 * cookie (HttpOnly, so page scripts cannot read it; SameSite=Strict, so no
 * other site's page sends it) and answers a CSRF token that every change must
 * echo in X-CSRF-Token (api/auth.ts checks it). The pages then call the same
 * REST routes as everyone else, with the same authorisation.
 */
import type { Request, Response } from 'express';
import type { WebSession } from '../../adapters/storage/sessions-repository';
import type { User } from '../../adapters/storage/users-repository';
import { ROLES } from '../../domain/labels';
import { readCookie, SESSION_COOKIE, unauthenticated } from '../auth';
import type { ApiContext } from '../context';
import { errorResponseSchema } from './common.schemas';
import { sessionSchema, signedOutSchema, signInBody } from './session.schemas';

/** How long a browser session lasts from sign-in: a working day. */
export const SESSION_LIFETIME_MS = 10 * 60 * 60 * 1000;

const userOut = (user: User) => ({ id: user.id, name: user.name, role: user.role, roleLabel: ROLES[user.role], unitId: user.unitId });

const sessionOut = (user: User, session: WebSession | null) => ({
  user: userOut(user),
  csrfToken: session?.csrfToken ?? null,
  expiresAt: session?.expiresAt ?? null,
});

function setCookie(req: Request, res: Response, value: string, maxAgeSeconds: number) {
  const attributes = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (req.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

export function registerSessionRoutes(ctx: ApiContext): void {
  ctx.routes.add({
    method: 'post',
    path: '/session',
    tag: 'session',
    summary: 'Sign in to the dashboard: a token becomes a session cookie',
    description: 'Sets the HttpOnly, SameSite=Strict cookie `campaign_session` and answers the CSRF token to send as X-CSRF-Token on every change.',
    access: 'public',
    body: signInBody,
    responses: {
      201: { description: 'signed in', schema: sessionSchema },
      401: { description: 'the token is unknown or revoked', schema: errorResponseSchema },
    },
    handler: async ({ body, req, res }) => {
      const opened = await ctx.storage.sessions.open(body.token, SESSION_LIFETIME_MS);
      if (!opened) throw unauthenticated('the token is unknown or has been revoked; ask the campaign office (活動領導小組辦公室) for a new one');
      setCookie(req, res, opened.sessionId, Math.floor(SESSION_LIFETIME_MS / 1000));
      return { status: 201, body: sessionOut(opened.session.user, opened.session) };
    },
  });

  ctx.routes.add({
    method: 'get',
    path: '/session',
    tag: 'session',
    summary: 'Who is signed in, with the CSRF token of the cookie session',
    access: 'authenticated',
    responses: { 200: { description: 'the signed-in user', schema: sessionSchema } },
    handler: async ({ user, req }) => {
      const sessionId = req.get('authorization') ? undefined : readCookie(req, SESSION_COOKIE);
      const session = sessionId ? await ctx.storage.sessions.find(sessionId) : null;
      return { status: 200, body: sessionOut(user, session) };
    },
  });

  ctx.routes.add({
    method: 'delete',
    path: '/session',
    tag: 'session',
    summary: 'Sign out of the dashboard: ends the session and clears its cookie',
    access: 'authenticated',
    responses: { 200: { description: 'signed out', schema: signedOutSchema } },
    handler: async ({ req, res }) => {
      const sessionId = readCookie(req, SESSION_COOKIE);
      const closed = sessionId ? await ctx.storage.sessions.close(sessionId) : false;
      setCookie(req, res, '', 0);
      return { status: 200, body: { signedOut: closed } };
    },
  });
}

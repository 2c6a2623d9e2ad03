/**
 * Who is calling, and what they may do.
 *
 * - admin (活動領導小組辦公室, the campaign office): everything;
 * - supervisor (上級黨組織負責人): the units they supervise, i.e. units where
 *   they are listed on the unit or on one of its ancestors;
 * - unit (基層黨組織): its own unit only.
 *
 * A request without a valid bearer token is answered 401 before anything else
 * happens; an authenticated one whose role may not call the route, 403; one
 * naming a unit outside the caller's units, 404, exactly as for a unit that
 * does not exist. None of them reaches a workflow.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { UnitRecord, UnitsRepository } from '../adapters/storage/units-repository';
import type { SessionsRepository } from '../adapters/storage/sessions-repository';
import type { User, UsersRepository } from '../adapters/storage/users-repository';
import { AppError, ErrorType } from '../domain/errors';
import { label, ROLES, type Role } from '../domain/labels';

export type AuthUser = User;

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+={0,2})\s*$/i;

export const roleLabel = (role: Role) => label(ROLES[role]);

export function unauthenticated(message: string): AppError {
  return new AppError(ErrorType.Unauthenticated, message);
}

export function forbidden(message: string): AppError {
  return new AppError(ErrorType.Forbidden, message);
}

export const UNIT_MAY_NOT_REVIEW = `a unit (${ROLES.unit.zh}) may not approve or reject work, its own or another's; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does`;

/** The dashboard's session cookie (api/routes/session.ts sets it). */
export const SESSION_COOKIE = 'campaign_session';
/** The header a browser session sends its CSRF token in on every change. */
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from the Cookie header, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the bearer token, or else the dashboard's session cookie, to a user
 * (res.locals.user), or answers 401. A cookie session must also send its CSRF
 * token in X-CSRF-Token on anything but a read, or it is refused (403).
 */
export function authenticate(users: UsersRepository, sessions: SessionsRepository): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    res.set('WWW-Authenticate', 'Bearer realm="campaigns"');
    const sessionId = header ? undefined : readCookie(req, SESSION_COOKIE);
    if (sessionId) {
      const session = await sessions.find(sessionId);
      if (!session) throw unauthenticated('your session (登錄會話) has expired or was ended; sign in again');
      if (!SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== session.csrfToken) {
        throw forbidden('a change from the dashboard must carry its X-CSRF-Token header (the csrfToken of GET /session); reload the page');
      }
      res.removeHeader('WWW-Authenticate');
      res.locals.user = session.user;
      next();
      return;
    }
    if (!header) {
      throw unauthenticated(
        'sign in: send the header "Authorization: Bearer <token>"; the campaign office (活動領導小組辦公室) issues tokens with `npm run users -- token --id <your id>`',
      );
    }
    const match = BEARER.exec(header);
    if (!match) throw unauthenticated('the Authorization header must read "Bearer <token>"');
    const user = await users.findUserByToken(match[1]);
    if (!user) {
      throw unauthenticated('the token is unknown or has been revoked; ask the campaign office (活動領導小組辦公室) for a new one');
    }
    res.removeHeader('WWW-Authenticate');
    res.locals.user = user;
    next();
  };
}

export function currentUser(res: Response): AuthUser {
  const user = res.locals.user as AuthUser | undefined;
  if (!user) throw unauthenticated('sign in: send the header "Authorization: Bearer <token>"');
  return user;
}

/** 403 unless the user has one of the roles. */
export function requireRoles(roles: readonly Role[], explain?: (user: AuthUser) => string | undefined): RequestHandler {
  return (_req: Request, res: Response, next) => {
    const user = currentUser(res);
    if (!roles.includes(user.role)) {
      throw forbidden(
        explain?.(user) ??
          `this needs the role ${roles.map(roleLabel).join(' or ')}; you (${user.id}) are signed in as ${roleLabel(user.role)}`,
      );
    }
    next();
  };
}

/** The 404 of an unknown unit, for the campaign office (which sees every unit). */
export function noSuchUnit(unitId: string): AppError {
  return new AppError(ErrorType.NotFound, `there is no unit "${unitId}"; check the id, or import the unit tree (POST /units/import)`);
}

/**
 * The 404 of a unit the caller may not see, word for word the same whether the
 * unit exists or not: which unit ids exist outside one's units is not to be
 * learnt by trial.
 */
export function notAmongYourUnits(unitId: string): AppError {
  return new AppError(
    ErrorType.NotFound,
    `there is no unit "${unitId}" among the units you may see; check the id, or ask the campaign office (${ROLES.admin.zh}) if it should be one of yours`,
  );
}

/**
 * The unit-scoped checks. A unit outside the caller's scope is answered as a
 * unit that does not exist (404, the same message); a unit the caller may see
 * but where the caller's role may not do this, 403 naming the rule.
 *
 * Scope: the office every unit; a supervisor the units they are listed on and
 * everything below; a unit user its own unit only (not its descendants).
 */
export function createAccess(units: UnitsRepository) {
  async function canSeeUnit(user: AuthUser, unitId: string): Promise<boolean> {
    if (user.role === 'admin') return true;
    if (user.role === 'unit') return user.unitId === unitId;
    return units.isSupervisedBy(unitId, user.id);
  }

  /** The unit, if it exists and the caller may see it; otherwise 404 (the same answer for both). */
  async function visibleUnit(user: AuthUser, unitId: string): Promise<UnitRecord> {
    if (user.role === 'unit' && user.unitId !== unitId) throw notAmongYourUnits(unitId);
    const unit = await units.get(unitId);
    if (user.role === 'admin') {
      if (!unit) throw noSuchUnit(unitId);
      return unit;
    }
    if (!unit || !(await canSeeUnit(user, unitId))) throw notAmongYourUnits(unitId);
    return unit;
  }

  return {
    canSeeUnit,

    /** Admin, a supervisor of the unit, or the unit itself; anyone else 404, as for an unknown unit. */
    requireUnitVisible: visibleUnit,

    /** What a unit hands in: only the unit itself (or the office on its behalf). */
    async requireActsForUnit(user: AuthUser, unitId: string, what = 'submit'): Promise<UnitRecord> {
      const unit = await visibleUnit(user, unitId);
      if (user.role === 'supervisor') {
        throw forbidden(
          what === 'submit'
            ? `only the unit itself (${ROLES.unit.zh}) or the campaign office (${ROLES.admin.zh}) submits a unit's work; as ${roleLabel('supervisor')} you approve or reject it`
            : `only the unit itself (${ROLES.unit.zh}) or the campaign office (${ROLES.admin.zh}) may ${what}; as ${roleLabel('supervisor')} you decide on it`,
        );
      }
      return unit;
    },

    /**
     * What a supervisor does for a unit (a point review, an extension decision,
     * opening or verifying a rectification): the office, or a supervisor of the unit.
     */
    async requireSupervises(user: AuthUser, unitId: string, what: string): Promise<UnitRecord> {
      const unit = await visibleUnit(user, unitId);
      if (user.role === 'unit') {
        throw forbidden(`a unit (${ROLES.unit.zh}) may not ${what}; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does`);
      }
      return unit;
    },

    /** Approving or rejecting: a supervisor of the unit, or the office; office-approved tasks only the office. */
    async requireReviews(user: AuthUser, unitId: string, task: { id: string; approvedBy: 'supervisor' | 'office' }): Promise<UnitRecord> {
      // Scope first: a unit outside it is 404 whatever the task.
      const unit = await visibleUnit(user, unitId);
      if (user.role === 'admin') return unit;
      if (user.role === 'unit') throw forbidden(UNIT_MAY_NOT_REVIEW);
      if (task.approvedBy === 'office') {
        throw forbidden(`task "${task.id}" is approved by the campaign office (${ROLES.admin.zh}) only, not by a supervisor`);
      }
      return unit;
    },
  };
}

export type Access = ReturnType<typeof createAccess>;

/**
 * Commendation rounds (評選表彰) through the API: the office starts a round of
 * the plan; units recommend (推薦); supervisors assess (考核); the office
 * records the committee's collective decision with its vote counts (審定);
 * objections during the public notice (公示), from a letter (the office) or
 * the public form (no token, rate-limited); upheld or dismissed with a reason.
 * The workflows (workflows/commendation-*.ts) hold every rule; here each
 * request is authorised, validated and turned into one start, update or query.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Request } from 'express';
import { AppError, ErrorType } from '../../domain/errors';
import { ROLES } from '../../domain/labels';
import type { CommendationRound } from '../../domain/plan-commendation';
import {
  assessCandidateUpdate,
  closeRecommendationsUpdate,
  commendationLevelQuery,
  commendationLevelWorkflowId,
  commendationRoundWorkflowId,
  decideLevelUpdate,
  objectCandidateUpdate,
  recommendCandidateUpdate,
  resolveObjectionUpdate,
  WORKFLOW_TYPES,
  type CandidateView,
  type CommendationLevelView,
  type CommendationRoundInput,
} from '../../contracts';
import type { AuthUser } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { planOf } from '../rectifications';
import { z } from '../zod';
import { campaignParams, errorResponseSchema } from './common.schemas';
import {
  assessBody,
  candidateParams,
  candidateReplySchema,
  closeRecommendationsBody,
  decisionBody,
  letterObjectionBody,
  levelParams,
  levelReplySchema,
  objectionParams,
  objectionReceivedSchema,
  publicNoticeSchema,
  publicObjectionBody,
  publicReceiptSchema,
  publicRoundParams,
  recommendBody,
  resolveBody,
  startedRoundSchema,
  startRoundBody,
} from './commendations.schemas';
import { createRateLimiter } from './rate-limit';

type PublicNotice = z.infer<typeof publicNoticeSchema>;

/** Public objections per client address: enough for a person, not for a script. */
export const PUBLIC_OBJECTIONS_PER_WINDOW = 5;
export const PUBLIC_OBJECTION_WINDOW_MS = 10 * 60_000;

const NOT_STARTED = { zh: '未開始', en: 'not started' };
export const NOTICE_CLOSED = 'the public notice window has closed';

export function registerCommendationRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const limiter = createRateLimiter(PUBLIC_OBJECTIONS_PER_WINDOW, PUBLIC_OBJECTION_WINDOW_MS);
  const levelHandle = (campaignId: string, roundId: string, levelId: string) => temporal.workflow.getHandle(commendationLevelWorkflowId(campaignId, roundId, levelId));

  /** The round of the campaign's plan, or 404 naming the rounds there are. */
  async function requireRound(campaignId: string, roundId: string): Promise<CommendationRound> {
    const plan = planOf(await requireCampaign(ctx, campaignId));
    const rounds = plan.commendation?.rounds ?? [];
    const round = rounds.find((r) => r.id === roundId);
    if (!round) {
      throw new AppError(ErrorType.NotFound, `campaign "${campaignId}" has no commendation round "${roundId}"; its plan has ${rounds.length ? rounds.map((r) => r.id).join(', ') : 'none (add commendation.rounds to the plan)'}`);
    }
    return round;
  }
  async function requireLevel(campaignId: string, roundId: string, levelId: string) {
    const round = await requireRound(campaignId, roundId);
    const level = round.levels.find((l) => l.id === levelId);
    if (!level) throw new AppError(ErrorType.NotFound, `round "${roundId}" has no level "${levelId}"; it has ${round.levels.map((l) => l.id).join(', ')}`);
    return { round, level };
  }
  /** A level whose workflow is not there: not opened yet (the round is at a lower level, or not started). */
  const levelNotOpen = (roundId: string, levelId: string) =>
    new AppError(ErrorType.NotFound, `level "${levelId}" of round "${roundId}" has not opened: the office starts the round (POST …/commendations), and a level opens when the one below has commended`);

  async function levelCall<T>(campaignId: string, roundId: string, levelId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      if (await levelClosed(campaignId, roundId, levelId)) throw new AppError(ErrorType.InvalidTransition, `level "${levelId}" of round "${roundId}" has finished (表彰 done); it takes no more changes`);
      throw levelNotOpen(roundId, levelId);
    }
  }
  /** Whether the level's workflow ran and has closed. */
  async function levelClosed(campaignId: string, roundId: string, levelId: string): Promise<boolean> {
    try {
      const description = await levelHandle(campaignId, roundId, levelId).describe();
      return description.status.name !== 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }
  /** An objection's update: a level that has closed answers 409, whoever sends it. */
  async function objectionCall<T>(campaignId: string, roundId: string, levelId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      if (await levelClosed(campaignId, roundId, levelId)) {
        throw new AppError(ErrorType.InvalidTransition, `${NOTICE_CLOSED} (公示期已結束) for level "${levelId}" of round "${roundId}"; objections are no longer taken`);
      }
      throw levelNotOpen(roundId, levelId);
    }
  }

  /** The level as this caller may see it: others' candidates left out, objectors' contacts for the office only. */
  async function levelFor(user: AuthUser, view: CommendationLevelView): Promise<CommendationLevelView> {
    if (user.role === 'admin') return view;
    const visible: CandidateView[] = [];
    for (const c of view.candidates) {
      if ((await access.canSeeUnit(user, c.recommendedBy)) || (await access.canSeeUnit(user, c.subject.unitId))) visible.push(withoutContacts(c));
    }
    return { ...view, candidates: visible };
  }
  const withoutContacts = (c: CandidateView): CandidateView => ({ ...c, objections: c.objections.map(({ contact: _contact, ...o }) => o) });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations',
    tag: 'commendations',
    summary: "The office starts a commendation round (評選表彰) of the campaign's plan",
    description:
      'One workflow per round, one child per level, lowest first: 推薦 → 考核 → 審定 → 公示 → 表彰, and upward to the next level. A round already started (running or finished) is 409.',
    access: ['admin'],
    params: campaignParams,
    body: startRoundBody,
    responses: { 201: { description: 'the round, started', schema: startedRoundSchema } },
    handler: async ({ params, body, user }) => {
      const campaign = await requireCampaign(ctx, params.id);
      const plan = planOf(campaign);
      const round = await requireRound(params.id, body.roundId);
      const input: CommendationRoundInput = {
        campaignId: params.id,
        roundId: round.id,
        round,
        publicNoticeDays: plan.publicNoticeDays,
        reminders: { daysBefore: plan.reminders.daysBefore, atHour: plan.reminders.atHour },
        startedBy: user.id,
      };
      const workflowId = commendationRoundWorkflowId(params.id, round.id);
      await temporal.workflow.start(WORKFLOW_TYPES.commendationRound, { workflowId, taskQueue: ctx.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      return {
        status: 201,
        body: { campaignId: params.id, roundId: round.id, workflowId, levels: round.levels.map((l) => ({ levelId: l.id, levelName: l.name, depth: l.depth, recommendBy: l.recommendBy })) },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId',
    tag: 'commendations',
    summary: "A level's state: its stage, deadlines, decision, notice window and candidates",
    description:
      "The office sees every candidate and the objectors' contact details; a supervisor or a unit sees the candidates of its own units, without contacts. 404 while the level has not opened.",
    access: 'authenticated',
    params: levelParams,
    responses: { 200: { description: 'the level', schema: levelReplySchema } },
    handler: async ({ params, user }) => {
      await requireLevel(params.id, params.roundId, params.levelId);
      const view = await levelCall(params.id, params.roundId, params.levelId, () => levelHandle(params.id, params.roundId, params.levelId).query(commendationLevelQuery));
      return { status: 200, body: await levelFor(user, view) };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/recommendations',
    tag: 'commendations',
    summary: 'A unit recommends a candidate (推薦): itself, a unit below it, or a member of those',
    description:
      "Until the level's recommendBy day. Refused: a duplicate (409), the category's quota used up (409), a candidate outside the unit's subtree (400), an ineligible one (409, with the ledger facts and their sequence numbers).",
    access: ['admin', 'unit'],
    roleDenied: (user) => (user.role === 'supervisor' ? `a unit (${ROLES.unit.zh}) recommends its candidates; as supervisor (${ROLES.supervisor.zh}) you assess them` : undefined),
    params: levelParams,
    body: recommendBody,
    responses: { 201: { description: 'the candidate, recommended', schema: candidateReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireActsForUnit(user, body.recommendingUnitId, 'recommend candidates');
      await requireLevel(params.id, params.roundId, params.levelId);
      const candidate = await levelCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(recommendCandidateUpdate, {
          args: [{ actor: user.id, recommendingUnitId: body.recommendingUnitId, categoryId: body.categoryId, subject: body.subject, reason: body.reason }],
        }),
      );
      return { status: 201, body: candidate };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/close-recommendations',
    tag: 'commendations',
    summary: 'The office closes recommendations (推薦) before recommendBy, with a reason; assessment (考核) opens at once',
    description:
      'For when every unit has recommended. The ledger records who closed them, when and why (`commendation.recommendations_closed` with `early: true`). Refused (409) once recommendations are closed.',
    access: ['admin'],
    params: levelParams,
    body: closeRecommendationsBody,
    responses: { 200: { description: 'the level, assessing', schema: levelReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireLevel(params.id, params.roundId, params.levelId);
      const view = await levelCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(closeRecommendationsUpdate, { args: [{ actor: user.id, reason: body.reason }] }),
      );
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/assessment',
    tag: 'commendations',
    summary: 'The superior assesses a candidate (考核) with a comment and a score',
    description: "A supervisor of the recommending unit, or the office; after recommendations close (409 before), once per candidate.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? `a unit (${ROLES.unit.zh}) does not assess candidates; its supervisor (${ROLES.supervisor.zh}) does` : undefined),
    params: candidateParams,
    body: assessBody,
    responses: { 200: { description: 'the candidate, assessed', schema: candidateReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, body.recommendingUnitId, 'assess candidates');
      await requireLevel(params.id, params.roundId, params.levelId);
      const candidate = await levelCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(assessCandidateUpdate, {
          args: [{ actor: user.id, recommendingUnitId: body.recommendingUnitId, candidateId: params.candidateId, comment: body.comment, score: body.score }],
        }),
      );
      return { status: 200, body: candidate };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/decision',
    tag: 'commendations',
    summary: "The level committee's collective decision (審定, 集中審議) with its vote counts; the public notice opens",
    description:
      'The office records it: one vote count per assessed candidate, approved by more than half of those present. Refused (409) before every candidate is assessed, or while an objection is open.',
    access: ['admin'],
    params: levelParams,
    body: decisionBody,
    responses: { 200: { description: 'the level, on public notice', schema: levelReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireLevel(params.id, params.roundId, params.levelId);
      const view = await levelCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(decideLevelUpdate, { args: [{ actor: user.id, meeting: body.meeting, present: body.present, votes: body.votes }] }),
      );
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections',
    tag: 'commendations',
    summary: 'The office enters an objection received by letter; it holds the candidate until resolved',
    description: `During the notice (or before it). After the window: 409 "${NOTICE_CLOSED}". The contact details are kept for the office, never in the ledger.`,
    access: ['admin'],
    params: candidateParams,
    body: letterObjectionBody,
    responses: { 201: { description: 'the objection, received, with its receipt number', schema: objectionReceivedSchema } },
    handler: async ({ params, body, user }) => {
      await requireLevel(params.id, params.roundId, params.levelId);
      const received = await objectionCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(objectCandidateUpdate, {
          args: [{ actor: user.id, source: 'letter', candidateId: params.candidateId, text: body.text, ...(body.contact ? { contact: body.contact } : {}) }],
        }),
      );
      return { status: 201, body: received };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections/:objectionId/resolution',
    tag: 'commendations',
    summary: 'The office upholds an objection (the candidate is withdrawn) or dismisses it with a written reason',
    access: ['admin'],
    params: objectionParams,
    body: resolveBody,
    responses: { 200: { description: 'the candidate, after the resolution', schema: candidateReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireLevel(params.id, params.roundId, params.levelId);
      const candidate = await levelCall(params.id, params.roundId, params.levelId, () =>
        levelHandle(params.id, params.roundId, params.levelId).executeUpdate(resolveObjectionUpdate, {
          args: [{ actor: user.id, candidateId: params.candidateId, objectionId: params.objectionId, outcome: body.outcome, reason: body.reason }],
        }),
      );
      return { status: 200, body: candidate };
    },
  });

  // ---------------------------------------------------------------- public (公示): no token

  async function publicNotice(campaignId: string, roundId: string): Promise<PublicNotice> {
    const round = await requireRound(campaignId, roundId);
    const levels: PublicNotice['levels'] = [];
    for (const level of round.levels) {
      let view: CommendationLevelView | undefined;
      try {
        view = await levelHandle(campaignId, roundId, level.id).query(commendationLevelQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      if (!view) {
        levels.push({ levelId: level.id, levelName: level.name, stage: 'not_started', stageLabel: NOT_STARTED, candidates: [] });
        continue;
      }
      // Candidates are public from the decision on (審定): recommendations in progress are not.
      const published = view.notice ? view.candidates.filter((c) => c.status !== 'recommended' && c.status !== 'assessed' && c.status !== 'not_approved') : [];
      levels.push({
        levelId: level.id,
        levelName: level.name,
        stage: view.stage,
        stageLabel: view.stageLabel,
        ...(view.notice ? { window: view.notice } : {}),
        candidates: published.map((c) => ({ candidateId: c.candidateId, name: c.name, categoryName: c.categoryName, status: c.status, statusLabel: c.statusLabel, openObjections: c.objections.filter((o) => o.status === 'open').length })),
      });
    }
    return { campaignId, roundId, roundName: round.name, levels };
  }

  routes.add({
    method: 'get',
    path: '/public/commendations/:campaignId/:roundId/notice',
    tag: 'public notice',
    summary: 'The public notice (公示) of a round: each level, its window and its candidates with their status',
    description: 'No token. Candidates appear once their level has decided (審定). No objector is named. The same as a web page: …/notice.html.',
    access: 'public',
    params: publicRoundParams,
    responses: { 200: { description: 'the notice', schema: publicNoticeSchema } },
    handler: async ({ params }) => ({ status: 200, body: await publicNotice(params.campaignId, params.roundId) }),
  });

  routes.add({
    method: 'get',
    path: '/public/commendations/:campaignId/:roundId/notice.html',
    tag: 'public notice',
    summary: 'The public notice (公示) as a web page, with the objection form',
    description: 'No token; served from here (no CDN, no external script or style).',
    access: 'public',
    params: publicRoundParams,
    responses: { 200: { description: 'the page', schema: z.string(), contentType: 'text/html' } },
    handler: async ({ params, res }) => {
      const notice = await publicNotice(params.campaignId, params.roundId);
      res.status(200).type('html').set('Content-Security-Policy', NOTICE_CSP).send(noticePage(notice));
    },
  });

  routes.add({
    method: 'post',
    path: '/public/commendations/:campaignId/:roundId/objections',
    tag: 'public notice',
    summary: 'Anyone objects to a candidate on public notice (異議); the answer is a receipt number',
    description: `No token. During the notice window only (409 before it opens and "${NOTICE_CLOSED}" after). At most ${PUBLIC_OBJECTIONS_PER_WINDOW} per ${PUBLIC_OBJECTION_WINDOW_MS / 60_000} minutes from one address: 429 with Retry-After beyond. The contact details go to the office only.`,
    access: 'public',
    params: publicRoundParams,
    body: publicObjectionBody,
    responses: {
      201: { description: 'received: keep the receipt number', schema: publicReceiptSchema },
      429: { description: 'too many objections from this address; try again after Retry-After seconds', schema: errorResponseSchema },
    },
    handler: async ({ params, body, req, res }) => {
      const wait = limiter.take(clientAddress(req));
      if (wait > 0) {
        res.set('Retry-After', String(Math.ceil(wait / 1000)));
        return { status: 429, body: { error: 'TooManyRequests', message: `too many objections from your address; try again in ${Math.ceil(wait / 60_000)} minute(s), or write to the campaign office (${ROLES.admin.zh})` } };
      }
      await requireLevel(params.campaignId, params.roundId, body.levelId);
      const received = await objectionCall(params.campaignId, params.roundId, body.levelId, () =>
        levelHandle(params.campaignId, params.roundId, body.levelId).executeUpdate(objectCandidateUpdate, {
          args: [{ actor: 'public', source: 'public', candidateId: body.candidateId, text: body.text, ...(body.contact ? { contact: body.contact } : {}) }],
        }),
      );
      return { status: 201, body: { receipt: received.receipt, candidateId: body.candidateId, levelId: body.levelId } };
    },
  });
}

const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The page's one script: static, so the page's Content-Security-Policy admits it by its hash and nothing else inline. */
const NOTICE_SCRIPT = `
for (const form of document.querySelectorAll('form[data-level]')) form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(form));
  if (!data.contact) delete data.contact;
  const reply = await fetch('objections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ levelId: form.dataset.level, ...data }) });
  const body = await reply.json();
  form.querySelector('output').textContent = reply.ok ? '已受理,回執號 (receipt): ' + body.receipt : body.message;
});
`;
const NOTICE_CSP = `default-src 'self'; script-src 'sha256-${createHash('sha256').update(NOTICE_SCRIPT).digest('base64')}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page: Chinese labels with English beside, no external assets; the form posts JSON to the objections route. */
function noticePage(notice: PublicNotice): string {
  const e = escapeHtml;
  const levels = notice.levels
    .map((level) => {
      const window = level.window ? `${e(level.window.opensAt.slice(0, 10))} — ${e(level.window.closesOn)}` : '—';
      const rows = level.candidates
        .map((c) => `<tr><td>${e(c.name)}</td><td>${e(c.categoryName.zh)} <small>${e(c.categoryName.en)}</small></td><td>${e(c.statusLabel.zh)} <small>${e(c.statusLabel.en)}</small></td><td>${c.openObjections}</td><td><code>${e(c.candidateId)}</code></td></tr>`)
        .join('');
      return `<section><h2>${e(level.levelName.zh)} <small>${e(level.levelName.en)}</small></h2>
<p>階段 <small>stage</small>: ${e(level.stageLabel.zh)} <small>${e(level.stageLabel.en)}</small> · 公示期 <small>notice window</small>: ${window}</p>
${rows ? `<table><thead><tr><th>姓名/名稱 <small>name</small></th><th>類別 <small>category</small></th><th>狀態 <small>status</small></th><th>待處理異議 <small>open objections</small></th><th>編號 <small>id</small></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>暫無公示對象 <small>nothing on notice yet</small></p>'}
${level.stage === 'notice' ? `<form data-level="${e(level.levelId)}"><h3>提出異議 <small>object</small></h3>
<label>候選編號 <small>candidate id</small> <input name="candidateId" required></label>
<label>異議內容 <small>objection</small> <textarea name="text" required></textarea></label>
<label>聯繫方式(僅辦公室可見) <small>contact, seen by the office only</small> <input name="contact"></label>
<button>提交 <small>send</small></button><output></output></form>` : ''}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>${e(notice.roundName.zh)} 公示 (public notice)</title>
<style>body{font-family:sans-serif;max-width:60em;margin:1em auto}small{color:#666}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em}label{display:block;margin:.3em 0}</style></head>
<body><h1>${e(notice.roundName.zh)} 公示 <small>${e(notice.roundName.en)}: public notice</small></h1>
${levels}
<script>${NOTICE_SCRIPT}</script></body></html>`;
}

/**
 * Notifications as the workflows decide them: what a notice is (a draft keyed
 * by the event it is about) and the texts it carries. Pure and deterministic,
 * so workflows build their notices with it.
 *
 * Texts are in Chinese with the English term in brackets beside the key words
 * (see shared/docs/domain.md), and each says what is due, by when (a local
 * date in Asia/Shanghai) and what happens next if nothing is done.
 */
import { isValidLocalDate, PLAN_TIME_ZONE, type LocalDate } from './calendar';
import { label, RUNGS, type Bilingual, type Rung } from './labels';

/** Whom a notice is for; each role is expanded into people when the notice is stored. */
export const NOTIFY_ROLES = ['secretary', 'supervisor', 'office'] as const;
export type NotifyRole = (typeof NOTIFY_ROLES)[number];

/** Roles an outbox row or a route may name ('unit': the unit as a whole, for routes). */
export const RECIPIENT_ROLES = ['secretary', 'supervisor', 'office', 'unit'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const NOTIFY_CHANNELS = ['console', 'webhook', 'smtp', 'wecom', 'dingtalk', 'feishu'] as const;
/** The group robots (企業微信, 釘釘, 飛書): a route names the robot's webhook URL as its address. */
export const ROBOT_CHANNELS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];


export type NotificationKind = 'reminder' | 'rung' | 'rectification' | 'review' | 'extension' | (string & {});

/**
 * A notice as a workflow decides it, before it is expanded into one outbox row
 * per recipient (adapters/storage/outbox.ts).
 */
export interface NotificationDraft {
  /**
   * Business key of the notice, computed in the workflow from what the event is
   * (campaign, unit, task or item, rung, count…), e.g.
   * `c1/u1/task/t1/rung-warning`. Never a run id or an activity id. Without the
   * recipient: each recipient's row appends `/<role>:<id>` to it.
   */
  key: string;
  campaignId: string;
  unitId: string | null;
  kind: NotificationKind;
  /** Roles to tell; each is expanded into its people for the unit when stored. */
  notify: NotifyRole[];
  subject: string;
  body: string;
  /** Facts for machine receivers (webhooks): task id, due date, rung… JSON only. */
  payload: Record<string, unknown>;
}

/**
 * One message to one recipient over one channel: what a channel (console,
 * webhook, SMTP) is given to send. The outbox stores it with its delivery
 * state and hands over only this.
 */
export interface OutgoingMessage {
  /** `<draftKey>/<recipientRole>:<recipientId>`; receivers drop a repeat of it. */
  key: string;
  campaignId: string;
  unitId: string | null;
  kind: string;
  recipientRole: RecipientRole;
  /** A user id; the unit id for a unit's secretary; `(none)` when nobody holds the role. */
  recipientId: string;
  recipientName: string | null;
  channel: NotifyChannel;
  /** Email address (smtp) or URL (webhook); null for console. */
  address: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  /** Why the message goes where it goes when that is not the configured route. */
  note: string | null;
}

/** How a recipient is reached when no route names their role or unit (from config: NOTIFY_CHANNEL, WEBHOOK_URL). */
export interface NotifyDefaults {
  channel: NotifyChannel;
  webhookUrl?: string | null;
}

export interface MessageText {
  subject: string;
  body: string;
}

/** The next rung of a ladder, and the local date it is reached if nothing is done. */
export interface NextRung {
  rung: Rung;
  onDate?: LocalDate;
}

/** What each rung does and to whom (seed 003: 限期整改, 通報批評, 問責; seed 001: 黃牌預警). */
const RUNG_EFFECTS: Record<Rung, string> = {
  reminder: '向書記 (secretary) 發出逾期提醒',
  warning: '向書記 (secretary) 亮黃牌，記入台帳 (ledger)',
  listed_supervision: '報告上級黨組織負責人 (supervisor)，跟蹤問效 (tracked until done)',
  circulated_criticism: '在活動範圍內通報，報告活動領導小組辦公室 (campaign office)',
  accountability: '追究責任，記入問責記錄 (accountability record)',
};

/** `2010年6月30日`, after checking that the date is a calendar date. */
export function chineseDate(date: LocalDate): string {
  if (!isValidLocalDate(date)) throw new RangeError(`not a calendar date written YYYY-MM-DD: ${date}`);
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The deadline as people read it: the end of the local day, with the ISO date and the time zone. */
export function deadlineText(date: LocalDate): string {
  return `${chineseDate(date)}24時前（${date}，北京時間 ${PLAN_TIME_ZONE}）`;
}

const quoted = (title: Bilingual) => `「${title.zh}」(${title.en})`;
// One text goes to every recipient of a notice (secretary, supervisor, office), so it
// names the unit it is about rather than greeting one reader.
const unitLine = (name: string | undefined) => (name ? [`單位 (unit)：${name}`] : []);

function nextOf(next: Rung | NextRung | undefined): NextRung | undefined {
  if (next === undefined) return undefined;
  return typeof next === 'string' ? { rung: next } : next;
}

function whenNext(next: NextRung, condition: string): string {
  const when = next.onDate ? `如到${chineseDate(next.onDate)}（${next.onDate}）${condition}` : `如${condition}`;
  return `${when}，將升級為${label(RUNGS[next.rung])}：${RUNG_EFFECTS[next.rung]}。`;
}

function wholeDays(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of days, not ${value}`);
  return value;
}

/** A reminder before a deadline (e.g. 7 days and 1 day before), to the unit's secretary. */
export function reminderMessage(input: {
  taskTitle: Bilingual;
  dueDate: LocalDate;
  daysBefore: number;
  unitName?: string;
  /** The first rung reached after the deadline; a rung alone or with its date. */
  nextRung?: Rung | NextRung;
}): MessageText {
  const days = wholeDays(input.daysBefore, 'daysBefore');
  const left = days === 0 ? '今天到期 (due today)' : `還有${days}天到期 (due in ${days} day${days === 1 ? '' : 's'})`;
  const next = nextOf(input.nextRung);
  return {
    subject: `【${label(RUNGS.reminder)}】${quoted(input.taskTitle)}${left}，截止${chineseDate(input.dueDate)}`,
    body: [
      ...unitLine(input.unitName),
      `應辦事項 (what is due)：提交${quoted(input.taskTitle)}。`,
      `截止時間 (deadline)：${deadlineText(input.dueDate)}，${left}。`,
      next
        ? `如未按時完成 (if nothing is done)：逾期 (overdue) 後進入督辦程序 (escalation ladder)，第一步${next.onDate ? `（${chineseDate(next.onDate)}，${next.onDate}）` : ''}為${label(RUNGS[next.rung])}：${RUNG_EFFECTS[next.rung]}；此後逐級升級，每一步都記入台帳 (ledger)。`
        : '如未按時完成 (if nothing is done)：逾期 (overdue) 後進入督辦程序 (escalation ladder)，逐級升級，每一步都記入台帳 (ledger)。',
      '請按時提交 (submit on time)。',
    ].join('\n'),
  };
}

/** A rung of the overdue ladder reached: the warning, listed supervision, circulated criticism or accountability. */
export function rungMessage(input: {
  rung: Rung;
  taskTitle: Bilingual;
  dueDate: LocalDate;
  overdueDays: number;
  unitName?: string;
  /** The rung after this one and when it is reached; absent on the last rung. */
  nextRung?: NextRung;
}): MessageText {
  const overdue = wholeDays(input.overdueDays, 'overdueDays');
  const rung = RUNGS[input.rung];
  if (!rung) throw new RangeError(`unknown rung: ${input.rung}`);
  return {
    subject: `【${label(rung)}】${quoted(input.taskTitle)}已逾期${overdue}天 (overdue by ${overdue} day${overdue === 1 ? '' : 's'})`,
    body: [
      ...unitLine(input.unitName),
      `應辦事項 (what is due)：提交${quoted(input.taskTitle)}，原定截止時間 (deadline) 為${deadlineText(input.dueDate)}，已逾期${overdue}天 (overdue by ${overdue} days)。`,
      `督辦措施 (this step)：${label(rung)}：${RUNG_EFFECTS[input.rung]}。`,
      '截止 (by when)：請立即提交 (submit now)。',
      input.nextRung
        ? `下一步 (what happens next)：${whenNext(input.nextRung, '仍未提交')}`
        : '下一步 (what happens next)：這是督辦程序的最後一級 (the last rung)；逾期情況已記入台帳 (ledger)，作為考核評議 (assessment) 和問責 (accountability) 的依據。',
    ].join('\n'),
  };
}

/**
 * A reminder about a decision that is owed: an approval (審核) of a submission,
 * or a point review (點評). `to` says who is told: the approver themself
 * ('supervisor', or 'office' for tasks the office approves), or, for a review
 * chased up the ladder, the campaign office as well ('office').
 */
export function approvalReminderMessage(input: {
  /** The task awaiting approval, or the review owed (e.g. 2010年第三季度點評). */
  taskTitle: Bilingual;
  kind?: 'approval' | 'review';
  unitName?: string;
  /** Local date the unit submitted (approval), or the review period ended (review). */
  submittedAt?: LocalDate;
  /** Days waited so far. */
  waitingDays?: number;
  /** The date by which the decision is due, when the plan sets one. */
  decideBy?: LocalDate;
  /** The date the overdue decision is reported to the campaign office, when the plan sets one. */
  escalateOn?: LocalDate;
  to?: 'supervisor' | 'office';
}): MessageText {
  const review = input.kind === 'review';
  const office = input.to === 'office';
  const whose = input.unitName ? `「${input.unitName}」` : '下級單位';
  const waited = input.waitingDays === undefined ? '' : `，已等待${wholeDays(input.waitingDays, 'waitingDays')}天 (waiting ${input.waitingDays} days)`;
  const since = input.submittedAt
    ? `${review ? '點評期截止於' : '單位已於'}${chineseDate(input.submittedAt)}（${input.submittedAt}）${review ? '' : '提交'}${waited}`
    : waited.slice(1);
  const due = review
    ? `${office ? '上級黨組織負責人 (supervisor) 應' : ''}對${whose}作出點評 (point review)：${quoted(input.taskTitle)}，寫明好在哪裡、差在哪裡，評定等次 (rating)。`
    : `${office ? '活動領導小組辦公室 (campaign office) ' : ''}審核 (approval) ${whose}提交的${quoted(input.taskTitle)}：通過 (approve) 或退回 (reject) 並說明理由。`;
  const stalled = review
    ? `點評缺失已在台帳 (ledger) 中記為逾期未點評 (overdue review)${office ? '，並已報告活動領導小組辦公室 (campaign office)' : ''}`
    : '該單位的任務將一直處於待審核 (submitted, awaiting approval) 狀態，不能推進；本次提醒已記入台帳 (ledger)';
  const next = input.escalateOn
    ? `；如到${chineseDate(input.escalateOn)}（${input.escalateOn}）仍未辦理，將報告活動領導小組辦公室 (campaign office)。`
    : office
      ? '；仍未辦理的，繼續按督辦程序 (escalation ladder) 升級。'
      : '，活動領導小組辦公室 (campaign office) 可隨時查閱。';
  return {
    subject: `【待${review ? '點評' : '審核'} (${review ? 'review' : 'approval'} due)】${quoted(input.taskTitle)}${input.unitName ? `（${input.unitName}）` : ''}${waited}`,
    body: [
      ...unitLine(input.unitName),
      `應辦事項 (what is due)：${due}${since ? `${since}。` : ''}`,
      input.decideBy
        ? `截止時間 (deadline)：${deadlineText(input.decideBy)}。`
        : '截止 (by when)：已超過應辦期限，請盡快辦理 (as soon as possible)。',
      `如不處理 (if nothing is done)：${stalled}${next}`,
    ].join('\n'),
  };
}

export type RectificationEvent = 'opened' | 'reminder' | 'rung' | 'listed' | 'sent_back';

/** A rectification item (整改, 限期整改): opened, due soon, overdue (a rung), listed, or its fix sent back. */
export function rectificationMessage(input: {
  /** What must be fixed, as the supervisor wrote it. */
  description: string;
  dueDate: LocalDate;
  event: RectificationEvent;
  unitName?: string;
  /** The rung reached (event 'rung'). */
  rung?: Rung;
  overdueDays?: number;
  daysBefore?: number;
  /** Why the fix was sent back (event 'sent_back'). */
  reason?: string;
  /** The next rung and when, if known. */
  nextRung?: Rung | NextRung;
}): MessageText {
  const term = '整改 (rectification)';
  const item = `「${input.description}」`;
  let headline: string;
  let step: string;
  switch (input.event) {
    case 'opened':
      headline = '限期整改 (rectify within a deadline)';
      step = `上級開出整改事項 (rectification item opened)：${item}。`;
      break;
    case 'reminder': {
      const days = wholeDays(input.daysBefore ?? 0, 'daysBefore');
      headline = days === 0 ? '今天到期 (due today)' : `還有${days}天到期 (due in ${days} days)`;
      step = `整改期限將至 (deadline approaching)：${item}。`;
      break;
    }
    case 'rung': {
      if (!input.rung || !RUNGS[input.rung]) throw new RangeError(`a rectification rung message needs a known rung, not ${input.rung}`);
      const overdue = wholeDays(input.overdueDays ?? 0, 'overdueDays');
      headline = `${label(RUNGS[input.rung])}，已逾期${overdue}天 (overdue by ${overdue} days)`;
      step = `整改已逾期 (overdue)：${item}。督辦措施 (this step)：${label(RUNGS[input.rung])}：${RUNG_EFFECTS[input.rung]}。`;
      break;
    }
    case 'listed':
      headline = label(RUNGS.listed_supervision);
      step = `未完成的整改事項列入掛牌督辦 (listed supervision)：${item}；上級黨組織負責人 (supervisor) 將跟蹤問效 (tracked until done)，直至驗收銷號 (verified and closed)。`;
      break;
    case 'sent_back':
      headline = '整改被退回 (fix sent back)';
      step = `報告的整改未通過驗收 (not verified)：${item}${input.reason ? `；退回理由 (reason)：${input.reason}` : ''}。`;
      break;
    default:
      throw new RangeError(`unknown rectification event: ${String(input.event)}`);
  }
  const next = nextOf(input.nextRung);
  return {
    subject: `【${term}】${headline}：${input.description}`,
    body: [
      ...unitLine(input.unitName),
      step,
      `應辦事項 (what is due)：完成整改並報告整改情況 (report the fix)，附佐證材料 (evidence)，由上級黨組織負責人 (supervisor) 驗收 (verification)。`,
      input.event === 'rung' || input.event === 'listed'
        ? `截止時間 (deadline)：原定${deadlineText(input.dueDate)}，已過期，請立即整改 (fix now)。`
        : `截止時間 (deadline)：${deadlineText(input.dueDate)}。`,
      next
        ? `如不整改 (if nothing is done)：${whenNext(next, '仍未完成整改')}`
        : input.event === 'rung' && input.rung === 'accountability'
          ? '如不整改 (if nothing is done)：這是督辦程序的最後一級 (the last rung)；整改情況記入台帳 (ledger)，作為考核評議 (assessment) 的依據。'
          : input.event === 'rung'
            ? '如不整改 (if nothing is done)：將按督辦程序 (escalation ladder) 繼續升級，直至問責 (accountability)。'
            : '如不整改 (if nothing is done)：整改未按期完成或未達到目標的，將通報批評 (circulated criticism) 並問責 (accountability)。',
    ].join('\n'),
  };
}

/**
 * Folds the catch-up notices of one pass (rungs for time before the unit
 * started, under the `escalate` late-start policy) into one digest per
 * recipient role, so that a backlog of any size is one message each. The
 * ledger still records every step; only the telling is folded. With `day`
 * (the Beijing day of the pass) even a single notice is folded, and the
 * digest names its day: delivery then merges it with the same recipient's
 * other catch-up digests of that day (domain/daily-digest.ts).
 */
export function catchUpDigests(drafts: readonly NotificationDraft[], keyPrefix: string, day?: LocalDate): NotificationDraft[] {
  if (drafts.length === 0 || (drafts.length === 1 && day === undefined)) return [...drafts];
  return NOTIFY_ROLES.flatMap((role) => {
    const mine = drafts.filter((draft) => draft.notify.includes(role));
    if (mine.length === 0) return [];
    const first = mine[0];
    return [
      {
        key: `${keyPrefix}/${role}`,
        campaignId: first.campaignId,
        unitId: first.unitId,
        kind: 'digest',
        notify: [role],
        subject: `補發彙總 (catch-up digest): ${mine.length} 條逾期通知 (overdue notices)`,
        body: mine.map((draft, index) => `${index + 1}. ${draft.subject}`).join('\n'),
        payload: { folded: mine.map((draft) => draft.key), ...(day === undefined ? {} : { digestDay: day }) },
      },
    ];
  });
}

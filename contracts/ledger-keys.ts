/**
 * Ledger keys and their parts. A key is built from what the event is
 * (`<campaign>/<unit>/task/<task>/rung/<due date>/<rung>`, see the workflows);
 * it stays the row's identity (unique, hashed), and its parts are stored as
 * columns beside it so that no query has to take a key apart.
 *
 * The parts are derived here, once, when a row is appended. The migration
 * 1700000000400_ledger-key-parts.sql filled them for the rows written before,
 * with the same patterns in the same order; keep the two in step (the
 * migration test checks they agree on every key shape).
 */

/** The parts of a ledger key; null where the key has no such part. */
export interface LedgerKeyParts {
  taskId: string | null;
  phaseId: string | null;
  /** A point-review period, `<phase>/<start date>`. */
  periodId: string | null;
  /** A rectification item (整改). */
  itemId: string | null;
  /** A supervision event (隨機抽查, 明查暗訪, …). */
  eventId: string | null;
  /** A classification round (三分類). */
  round: string | null;
  milestoneId: string | null;
  calendarVersion: string | null;
  /** What happened, as the key names it: submitted, approved, rung, reminder, requested, decided, given, entered, … */
  step: string | null;
  rung: string | null;
  /** The deadline a reminder, rung or overdue row is about. */
  dueDate: string | null;
  /** The count the key carries: submission, rejection, extension request, amendment, report, send-back, approval reminder; days before, for a reminder. */
  ordinal: number | null;
  /** The campaign's amendment revision (milestones, deadlines, calendar). */
  revision: number | null;
}

export const NO_KEY_PARTS: Readonly<LedgerKeyParts> = Object.freeze({
  taskId: null,
  phaseId: null,
  periodId: null,
  itemId: null,
  eventId: null,
  round: null,
  milestoneId: null,
  calendarVersion: null,
  step: null,
  rung: null,
  dueDate: null,
  ordinal: null,
  revision: null,
});

/** The column of each part, in the order the ledger table lists them. */
export const KEY_PART_COLUMNS: ReadonlyArray<readonly [keyof LedgerKeyParts, string]> = [
  ['taskId', 'task_id'],
  ['phaseId', 'phase_id'],
  ['periodId', 'period_id'],
  ['itemId', 'item_id'],
  ['eventId', 'event_id'],
  ['round', 'round'],
  ['milestoneId', 'milestone_id'],
  ['calendarVersion', 'calendar_version'],
  ['step', 'step'],
  ['rung', 'rung'],
  ['dueDate', 'due_date'],
  ['ordinal', 'ordinal'],
  ['revision', 'revision'],
];

type Pattern = readonly [RegExp, (m: RegExpExecArray) => Partial<LedgerKeyParts>];

// The `s` flag: `.` matches any character, as it does in PostgreSQL's regular expressions (the migration).
const SEG = '([^/]+)';
const DATE = '([0-9]{4}-[0-9]{2}-[0-9]{2})';
const N = '([0-9]{1,9})';
const re = (source: string) => new RegExp(`^${source}$`, 's');

/** After `<campaign>/campaign/`. */
const CAMPAIGN_PATTERNS: Pattern[] = [
  [re('(started)'), (m) => ({ step: m[1] })],
  [re(`milestone/${SEG}/revision/${N}`), (m) => ({ milestoneId: m[1], revision: Number(m[2]) })],
  [re(`deadline/${SEG}/revision/${N}`), (m) => ({ taskId: m[1], revision: Number(m[2]) })],
  [re(`calendar/(.+)/revision/${N}`), (m) => ({ calendarVersion: m[1], revision: Number(m[2]) })],
  [re(`supervision/${SEG}`), (m) => ({ eventId: m[1] })],
  [re(`supervision/${SEG}/unit/[^/]+`), (m) => ({ eventId: m[1] })],
];

/** After `<campaign>/<unit>/`. */
const UNIT_PATTERNS: Pattern[] = [
  [re('(started|completed)'), (m) => ({ step: m[1] })],
  [re(`phase/${SEG}/(entered)`), (m) => ({ phaseId: m[1], step: m[2] })],
  [re(`task/${SEG}/(opened|approved)`), (m) => ({ taskId: m[1], step: m[2] })],
  [re(`task/${SEG}/(submitted|rejected|approval-reminder)/${N}`), (m) => ({ taskId: m[1], step: m[2], ordinal: Number(m[3]) })],
  [re(`task/${SEG}/(overdue)/${DATE}`), (m) => ({ taskId: m[1], step: m[2], dueDate: m[3] })],
  [re(`task/${SEG}/(reminder)/${DATE}/${N}`), (m) => ({ taskId: m[1], step: m[2], dueDate: m[3], ordinal: Number(m[4]) })],
  [re(`task/${SEG}/(rung)/${DATE}/${SEG}`), (m) => ({ taskId: m[1], step: m[2], dueDate: m[3], rung: m[4] })],
  [re(`task/${SEG}/extension/${N}/(requested|decided)`), (m) => ({ taskId: m[1], ordinal: Number(m[2]), step: m[3] })],
  [re(`deadline/${SEG}/(amended)/${N}`), (m) => ({ taskId: m[1], step: m[2], ordinal: Number(m[3]) })],
  [re('review/(.+)/(given)'), (m) => ({ periodId: m[1], step: m[2] })],
  [re(`review/(.+)/(rung)/${DATE}/${SEG}`), (m) => ({ periodId: m[1], step: m[2], dueDate: m[3], rung: m[4] })],
  [re(`classification/${SEG}`), (m) => ({ round: m[1] })],
  [re(`rectification/${SEG}/(opened|verified|listed-supervision)`), (m) => ({ itemId: m[1], step: m[2] })],
  [re(`rectification/${SEG}/(reported|sent-back)/${N}`), (m) => ({ itemId: m[1], step: m[2], ordinal: Number(m[3]) })],
  [re(`rectification/${SEG}/(rung)/${DATE}/${SEG}`), (m) => ({ itemId: m[1], step: m[2], dueDate: m[3], rung: m[4] })],
];

function matchFirst(patterns: Pattern[], rest: string): LedgerKeyParts | undefined {
  for (const [pattern, parts] of patterns) {
    const m = pattern.exec(rest);
    if (m) return { ...NO_KEY_PARTS, ...parts(m) };
  }
  return undefined;
}

/**
 * The parts of a row's key. Campaign-level keys (`<campaign>/campaign/…`) are
 * tried first, then the unit's (`<campaign>/<unit>/…`); a key of neither
 * shape has no parts (all null), and is still recorded as it is.
 */
export function ledgerKeyParts(key: string, campaignId: string, unitId: string | null): LedgerKeyParts {
  const campaignPrefix = `${campaignId}/campaign/`;
  if (key.startsWith(campaignPrefix)) {
    const parts = matchFirst(CAMPAIGN_PATTERNS, key.slice(campaignPrefix.length));
    if (parts) return parts;
  }
  const unitPrefix = unitId === null ? undefined : `${campaignId}/${unitId}/`;
  if (unitPrefix && key.startsWith(unitPrefix)) {
    const parts = matchFirst(UNIT_PATTERNS, key.slice(unitPrefix.length));
    if (parts) return parts;
  }
  return { ...NO_KEY_PARTS };
}

/** Keys built outside the workflows: a supervision event's campaign row and its per-unit rows. */
export const ledgerKeys = {
  supervision: (campaignId: string, eventId: string) => `${campaignId}/campaign/supervision/${eventId}`,
  supervisionUnit: (campaignId: string, eventId: string, unitId: string) => `${ledgerKeys.supervision(campaignId, eventId)}/unit/${unitId}`,
};

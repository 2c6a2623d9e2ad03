/**
 * Scoring rules (量化考評), pure: whether an entry fits its item's scale, an
 * item's points from its entry, a subject's total against the scheme's
 * maximum, and the proposed grade (三分類) from the plan's thresholds. The
 * round workflow checks entries with these, and the activity that closes a
 * round computes with them; the result names every entry it used.
 */
import type { ClassificationGrade } from './labels';
import type { GradeThresholds, ScoringItem, ScoringScheme } from './plan-scoring';
import { DEFAULT_GRADE_THRESHOLDS } from './scoring-defaults';

/** 民主測評: each ballot's worth, as a share of the item's points (chosen: 1, 0.8, 0.6, 0). */
export const BALLOT_VALUES = { excellent: 1, competent: 0.8, basically_competent: 0.6, incompetent: 0 } as const;
export type BallotCounts = Record<keyof typeof BALLOT_VALUES, number>;
/** 滿意度調查: each answer's worth (chosen: satisfied 1, basically satisfied 0.6, unsatisfied 0). */
export const SURVEY_VALUES = { satisfied: 1, basically_satisfied: 0.6, unsatisfied: 0 } as const;
export type SurveyCounts = Record<keyof typeof SURVEY_VALUES, number>;

export type EntryValue = number | BallotCounts | SurveyCounts;

/** Whom an entry scores: a unit, or a member of it. */
export interface ScoreSubject {
  subjectType: 'unit' | 'member';
  unitId: string;
  memberId?: string | null;
}

export interface ScoreEntry extends ScoreSubject {
  itemId: string;
  value: EntryValue;
}

/** An entry as recorded: its ledger key, so that a computed figure can be traced to it. */
export interface RecordedEntry extends ScoreEntry {
  key: string;
}

export interface ItemScore {
  itemId: string;
  /** Weighted points, at most the item's weight. */
  points: number;
  max: number;
  /** The entry the points come from (the latest one for the item). */
  entryKey: string;
}

export interface ComputedScore {
  total: number;
  max: number;
  percent: number;
  /** The proposed grade, for a unit scheme; null for a member. */
  grade: ClassificationGrade | null;
  items: ItemScore[];
  /** Items nobody scored: they count 0. */
  missingItems: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function countsProblem(value: unknown, answers: readonly string[], what: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `enter ${what} as counts: { ${answers.map((a) => `"${a}": n`).join(', ')} }`;
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !answers.includes(k));
  if (extra.length) return `${what} has no answer ${extra.map((k) => `"${k}"`).join(', ')}; its answers are ${answers.join(', ')}`;
  for (const a of answers) {
    if (!isCount(record[a])) return `"${a}" must be a whole number of answers, not negative (got ${JSON.stringify(record[a])})`;
  }
  if (answers.every((a) => record[a] === 0)) return `${what} has no answers at all; enter at least one`;
  return undefined;
}

/** Why the value does not fit the item's scale, or undefined when it does. */
export function valueProblem(item: ScoringItem, value: unknown): string | undefined {
  switch (item.scale) {
    case 'points':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `item "${item.id}" takes points, a number from 0 to ${item.maximum}`;
      if (value < 0 || value > item.maximum) return `item "${item.id}" is scored from 0 to ${item.maximum}; ${value} is out of range`;
      return undefined;
    case 'star':
      if (value !== 0 && value !== 1) return `item "${item.id}" is a star: 1 (awarded) or 0 (not awarded), not ${JSON.stringify(value)}`;
      return undefined;
    case 'ballot':
      return countsProblem(value, Object.keys(BALLOT_VALUES), `民主測評 (democratic evaluation) of item "${item.id}"`);
    case 'survey':
      return countsProblem(value, Object.keys(SURVEY_VALUES), `滿意度調查 (satisfaction survey) of item "${item.id}"`);
  }
}

/** Why the entry cannot be taken under the scheme, or undefined. */
export function entryProblem(scheme: ScoringScheme, entry: ScoreEntry): string | undefined {
  if (entry.subjectType !== scheme.subject) return `scheme "${scheme.id}" scores ${scheme.subject}s, not ${entry.subjectType}s`;
  if (scheme.subject === 'member' && !entry.memberId) return `scheme "${scheme.id}" scores members: give the memberId`;
  if (scheme.subject === 'unit' && entry.memberId) return `scheme "${scheme.id}" scores units: leave memberId out`;
  const item = scheme.items.find((i) => i.id === entry.itemId);
  if (!item) return `scheme "${scheme.id}" version ${scheme.version} has no item "${entry.itemId}"; its items are ${scheme.items.map((i) => i.id).join(', ')}`;
  return valueProblem(item, entry.value);
}

/** The share (0 to 1) of the item's weight its value earns. */
export function itemFraction(item: ScoringItem, value: EntryValue): number {
  if (typeof value === 'number') return item.scale === 'points' ? value / item.maximum : value;
  const table: Record<string, number> = item.scale === 'ballot' ? BALLOT_VALUES : SURVEY_VALUES;
  const counts = value as Record<string, number>;
  const answers = Object.keys(table).reduce((n, a) => n + (counts[a] ?? 0), 0);
  if (answers === 0) return 0;
  return Object.keys(table).reduce((s, a) => s + (counts[a] ?? 0) * table[a], 0) / answers;
}

/** The grade a share of the maximum proposes (三分類): 先進 from the advanced threshold, 一般 from the average one, else 後進. */
export function gradeFor(percent: number, thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): ClassificationGrade {
  if (percent >= thresholds.advancedFromPercent) return 'advanced';
  if (percent >= thresholds.averageFromPercent) return 'average';
  return 'lagging';
}

/** The subject's key in a round: the unit, or the member within its unit. */
export const subjectKey = (s: ScoreSubject) => (s.subjectType === 'member' ? `${s.unitId}/member/${s.memberId}` : s.unitId);

/**
 * One subject's score from its entries in recording order: the latest entry
 * of an item counts (a correction replaces what it corrects). Weighted points
 * per item, the total of the scheme's weights as the maximum.
 */
export function computeScore(scheme: ScoringScheme, entries: readonly RecordedEntry[], thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): ComputedScore {
  const latest = new Map<string, RecordedEntry>();
  for (const e of entries) latest.set(e.itemId, e);
  const items: ItemScore[] = [];
  const missingItems: string[] = [];
  let total = 0;
  let max = 0;
  for (const item of scheme.items) {
    max += item.weight;
    const e = latest.get(item.id);
    if (!e) {
      missingItems.push(item.id);
      continue;
    }
    const points = item.weight * itemFraction(item, e.value);
    total += points;
    items.push({ itemId: item.id, points: round2(points), max: item.weight, entryKey: e.key });
  }
  const percent = max === 0 ? 0 : (total / max) * 100;
  return { total: round2(total), max: round2(max), percent: round2(percent), grade: scheme.subject === 'unit' ? gradeFor(percent, thresholds) : null, items, missingItems };
}

/** Every subject's score, entries grouped by subject; subjects in the order first scored. */
export function computeRound(
  scheme: ScoringScheme,
  entries: readonly RecordedEntry[],
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): Array<{ subject: ScoreSubject; score: ComputedScore }> {
  const bySubject = new Map<string, { subject: ScoreSubject; entries: RecordedEntry[] }>();
  for (const e of entries) {
    const key = subjectKey(e);
    let group = bySubject.get(key);
    if (!group) {
      group = { subject: { subjectType: e.subjectType, unitId: e.unitId, memberId: e.memberId ?? null }, entries: [] };
      bySubject.set(key, group);
    }
    group.entries.push(e);
  }
  return [...bySubject.values()].map(({ subject, entries: own }) => ({ subject, score: computeScore(scheme, own, thresholds) }));
}

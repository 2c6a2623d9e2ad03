/**
 * The yearly upgrade report (三分類三升級, seed 001) of a subtree, pure: per
 * year, how many units are advanced / average / lagging (先進 / 一般 / 後進)
 * and their shares; the moves from the year before; each target of the plan's
 * `classificationTargets`, met or not; the lagging units not yet transformed,
 * with their rectification items (整改).
 *
 * How the three rates are read (seed 001: 先進基層黨組織爭創年升級率不低於20%,
 * 一般黨組織年升級率不低於30%, 後進黨組織年轉化率不低於95%):
 * - average upgrade: of the units average in year Y-1, the share advanced in Y;
 * - lagging transformed: of the units lagging in Y-1, the share average or advanced in Y;
 * - advanced upgrade: there is no grade above 先進, so "爭創升級" is read as
 *   being commended (評選表彰, a `commendation.commended` row about the unit) in
 *   year Y: of the units advanced in Y-1, the share commended in Y.
 * A rate without a base (no unit of that grade the year before) is null and
 * counts as neither met nor missed.
 */
import { CLASSIFICATION_GRADES, type Bilingual, type ClassificationGrade } from './labels';

export interface ClassificationTargets {
  advancedUpgradePercent: number;
  averageUpgradePercent: number;
  laggingTransformedPercent: number;
}

/** A unit's grade in a year (the latest classification of that year). */
export interface YearGrade {
  unitId: string;
  year: number;
  grade: ClassificationGrade;
}

export interface OpenItem {
  itemId: string;
  status: string;
}

export interface UpgradeReportInput {
  /** The units of the subtree. */
  unitIds: readonly string[];
  grades: readonly YearGrade[];
  /** Units commended (評選表彰) as a unit, by year. */
  commended?: ReadonlyArray<{ unitId: string; year: number }>;
  targets?: ClassificationTargets;
  /** Rectification items per unit, for the lagging units' listing. */
  itemsOf?: (unitId: string) => OpenItem[];
}

export type GradeCounts = Record<ClassificationGrade, number>;

export interface TargetResult {
  target: 'advancedUpgrade' | 'averageUpgrade' | 'laggingTransformed';
  label: Bilingual;
  targetPercent: number | null;
  /** Units of the grade the year before. */
  base: number;
  /** Of those, how many moved up (or were commended, or transformed). */
  achieved: number;
  percent: number | null;
  met: boolean | null;
}

export interface YearReport {
  year: number;
  units: number;
  classified: number;
  unclassified: number;
  counts: GradeCounts;
  /** Share of the classified units, in percent (one decimal). */
  percents: GradeCounts;
  /** Moves from the year before: "lagging->average" and so on, with counts; empty in the first year. */
  transitions: Array<{ from: ClassificationGrade; to: ClassificationGrade | 'unclassified'; units: number }>;
  upgradedUnits: string[];
  targets: TargetResult[];
  /** Lagging this year, or lagging last year and not classified this year: not yet transformed. */
  laggingNotTransformed: Array<{ unitId: string; items: OpenItem[] }>;
}

export const TARGET_LABELS: Record<TargetResult['target'], Bilingual> = {
  advancedUpgrade: { zh: '先進基層黨組織爭創年升級率', en: 'advanced units moving up (commended) in the year' },
  averageUpgrade: { zh: '一般黨組織年升級率', en: 'average units upgraded in the year' },
  laggingTransformed: { zh: '後進黨組織年轉化率', en: 'lagging units transformed in the year' },
};

const GRADES = Object.keys(CLASSIFICATION_GRADES) as ClassificationGrade[];
const RANK: Record<ClassificationGrade, number> = { lagging: 0, average: 1, advanced: 2 };
const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const zero = (): GradeCounts => ({ advanced: 0, average: 0, lagging: 0 });

function rate(target: TargetResult['target'], targetPercent: number | undefined, base: number, achieved: number): TargetResult {
  const share = base === 0 ? null : (achieved / base) * 100;
  return {
    target,
    label: TARGET_LABELS[target],
    targetPercent: targetPercent ?? null,
    base,
    achieved,
    percent: share === null ? null : oneDecimal(share),
    met: share === null || targetPercent === undefined ? null : share >= targetPercent,
  };
}

/** One report per year that has a grade, earliest first. Only the subtree's units count. */
export function upgradeReport(input: UpgradeReportInput): YearReport[] {
  const inTree = new Set(input.unitIds);
  const byYear = new Map<number, Map<string, ClassificationGrade>>();
  for (const g of input.grades) {
    if (!inTree.has(g.unitId)) continue;
    let year = byYear.get(g.year);
    if (!year) byYear.set(g.year, (year = new Map()));
    year.set(g.unitId, g.grade);
  }
  const commended = new Set((input.commended ?? []).map((c) => `${c.year}/${c.unitId}`));
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return years.map((year) => {
    const now = byYear.get(year)!;
    const before = byYear.get(year - 1);
    const counts = zero();
    for (const grade of now.values()) counts[grade] += 1;
    const classified = now.size;
    const percents = zero();
    for (const g of GRADES) percents[g] = classified === 0 ? 0 : oneDecimal((counts[g] / classified) * 100);

    const moves = new Map<string, { from: ClassificationGrade; to: ClassificationGrade | 'unclassified'; units: number }>();
    const upgradedUnits: string[] = [];
    const base = zero();
    let averageUp = 0;
    let laggingUp = 0;
    let advancedCommended = 0;
    for (const [unitId, from] of before ?? []) {
      base[from] += 1;
      const to = now.get(unitId) ?? 'unclassified';
      const key = `${from}->${to}`;
      const move = moves.get(key) ?? { from, to, units: 0 };
      move.units += 1;
      moves.set(key, move);
      if (to !== 'unclassified' && RANK[to] > RANK[from]) {
        upgradedUnits.push(unitId);
        if (from === 'average') averageUp += 1;
        if (from === 'lagging') laggingUp += 1;
      }
      if (from === 'advanced' && commended.has(`${year}/${unitId}`)) advancedCommended += 1;
    }
    const targets = before
      ? [
          rate('advancedUpgrade', input.targets?.advancedUpgradePercent, base.advanced, advancedCommended),
          rate('averageUpgrade', input.targets?.averageUpgradePercent, base.average, averageUp),
          rate('laggingTransformed', input.targets?.laggingTransformedPercent, base.lagging, laggingUp),
        ]
      : [];
    const stillLagging = [...inTree].filter((unitId) => now.get(unitId) === 'lagging' || (before?.get(unitId) === 'lagging' && !now.has(unitId)));
    return {
      year,
      units: inTree.size,
      classified,
      unclassified: inTree.size - classified,
      counts,
      percents,
      transitions: [...moves.values()].sort((a, b) => `${a.from}->${a.to}`.localeCompare(`${b.from}->${b.to}`)),
      upgradedUnits: upgradedUnits.sort(),
      targets,
      laggingNotTransformed: stillLagging.sort().map((unitId) => ({ unitId, items: input.itemsOf?.(unitId) ?? [] })),
    };
  });
}

/** The report as CSV rows: one row per year and grade, then one per year and target. */
export function upgradeReportRows(reports: readonly YearReport[]): string[][] {
  const rows: string[][] = [['year 年度', 'measure 指標', 'grade or target 等次或目標', 'units 數量', 'percent 百分比', 'target percent 目標', 'met 是否達標']];
  for (const r of reports) {
    for (const g of GRADES) rows.push([String(r.year), 'grade 等次', `${CLASSIFICATION_GRADES[g].zh} ${g}`, String(r.counts[g]), String(r.percents[g]), '', '']);
    rows.push([String(r.year), 'unclassified 未定級', '', String(r.unclassified), '', '', '']);
    for (const t of r.targets) {
      rows.push([String(r.year), 'target 升級目標', `${t.label.zh} ${t.target}`, `${t.achieved}/${t.base}`, t.percent === null ? '' : String(t.percent), t.targetPercent === null ? '' : String(t.targetPercent), t.met === null ? '' : t.met ? 'yes 達標' : 'no 未達標']);
    }
    for (const l of r.laggingNotTransformed) {
      rows.push([String(r.year), 'lagging not transformed 未轉化後進', l.unitId, '', '', '', l.items.map((i) => `${i.itemId}:${i.status}`).join(' ')]);
    }
  }
  return rows;
}

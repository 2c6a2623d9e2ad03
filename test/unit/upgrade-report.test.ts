/**
 * The yearly upgrade report (三分類三升級) of a 20-unit tree over two years.
 * Every expected figure below is worked out by hand in the comments, not by
 * calling the code under test.
 *
 * 2011: u01–u04 先進 (4), u05–u13 一般 (9), u14–u20 後進 (7).
 * 2012: u01 先進 and commended (表彰), u02 u03 先進, u04 down to 一般;
 *       u05 u06 up to 先進, u07–u12 一般, u13 down to 後進;
 *       u14–u19 up to 一般, u20 still 後進 (its item lagging-2011 open).
 * x99 is outside the tree and must not count.
 */
import { upgradeReport, upgradeReportRows, type YearGrade } from '../../domain/upgrade-report';
import type { ClassificationGrade } from '../../domain/labels';

const id = (n: number) => `u${String(n).padStart(2, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => id(from + i));
const grades = (year: number, units: string[], grade: ClassificationGrade): YearGrade[] => units.map((unitId) => ({ unitId, year, grade }));
const UNITS = range(1, 20);
const GRADES: YearGrade[] = [
  ...grades(2011, range(1, 4), 'advanced'),
  ...grades(2011, range(5, 13), 'average'),
  ...grades(2011, range(14, 20), 'lagging'),
  ...grades(2012, ['u01', 'u02', 'u03', 'u05', 'u06'], 'advanced'),
  ...grades(2012, ['u04', ...range(7, 12), ...range(14, 19)], 'average'),
  ...grades(2012, ['u13', 'u20'], 'lagging'),
  { unitId: 'x99', year: 2012, grade: 'lagging' },
];
const TARGETS = { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 };
const report = () =>
  upgradeReport({
    unitIds: UNITS,
    grades: GRADES,
    // u05 is commended too, but was not advanced in 2011: it does not count for the advanced rate.
    commended: [{ unitId: 'u01', year: 2012 }, { unitId: 'u05', year: 2012 }],
    targets: TARGETS,
    itemsOf: (unitId) => (unitId === 'u20' ? [{ itemId: 'lagging-2011', status: 'open' }] : []),
  });

test('when 20 units are graded in 2011, then the counts are 4 / 9 / 7 and the shares 20 % / 45 % / 35 % with no targets in the first year', () => {
  const [y2011] = report();
  expect(y2011.year).toBe(2011);
  // 4 + 9 + 7 = 20 classified of 20 units.
  expect([y2011.units, y2011.classified, y2011.unclassified]).toEqual([20, 20, 0]);
  expect(y2011.counts).toEqual({ advanced: 4, average: 9, lagging: 7 });
  // 4/20 = 20.0 %, 9/20 = 45.0 %, 7/20 = 35.0 %.
  expect(y2011.percents).toEqual({ advanced: 20, average: 45, lagging: 35 });
  expect(y2011.targets).toEqual([]);
  expect(y2011.transitions).toEqual([]);
  // Lagging in 2011: u14–u20, none transformed yet.
  expect(y2011.laggingNotTransformed.map((l) => l.unitId)).toEqual(range(14, 20));
});

test('when the same units are graded in 2012, then the counts, shares, moves and the three targets are those worked out by hand', () => {
  const y2012 = report()[1];
  // 先進: u01 u02 u03 u05 u06 = 5; 一般: u04 + u07–u12 (6) + u14–u19 (6) = 13; 後進: u13 u20 = 2; 5 + 13 + 2 = 20 (x99 left out).
  expect(y2012.counts).toEqual({ advanced: 5, average: 13, lagging: 2 });
  // 5/20 = 25.0 %, 13/20 = 65.0 %, 2/20 = 10.0 %.
  expect(y2012.percents).toEqual({ advanced: 25, average: 65, lagging: 10 });
  expect(y2012.transitions).toEqual([
    { from: 'advanced', to: 'advanced', units: 3 }, // u01 u02 u03
    { from: 'advanced', to: 'average', units: 1 }, // u04
    { from: 'average', to: 'advanced', units: 2 }, // u05 u06
    { from: 'average', to: 'average', units: 6 }, // u07–u12
    { from: 'average', to: 'lagging', units: 1 }, // u13
    { from: 'lagging', to: 'average', units: 6 }, // u14–u19
    { from: 'lagging', to: 'lagging', units: 1 }, // u20
  ]);
  expect(y2012.upgradedUnits).toEqual(['u05', 'u06', ...range(14, 19)]);
  const [advanced, average, lagging] = y2012.targets;
  // 先進 爭創升級: of 4 advanced in 2011, u01 commended in 2012: 1/4 = 25.0 % ≥ 20 % → met.
  expect(advanced).toMatchObject({ target: 'advancedUpgrade', base: 4, achieved: 1, percent: 25, targetPercent: 20, met: true });
  // 一般 升級: of 9 average in 2011, u05 u06 advanced: 2/9 = 22.22… → 22.2 % < 30 % → not met.
  expect(average).toMatchObject({ target: 'averageUpgrade', base: 9, achieved: 2, percent: 22.2, targetPercent: 30, met: false });
  // 後進 轉化: of 7 lagging in 2011, u14–u19 average: 6/7 = 85.714… → 85.7 % < 95 % → not met.
  expect(lagging).toMatchObject({ target: 'laggingTransformed', base: 7, achieved: 6, percent: 85.7, targetPercent: 95, met: false });
  expect(y2012.laggingNotTransformed).toEqual([
    { unitId: 'u13', items: [] },
    { unitId: 'u20', items: [{ itemId: 'lagging-2011', status: 'open' }] },
  ]);
});

test('when a unit graded last year is not graded this year, then it is unclassified, counted in the base and not upgraded', () => {
  const [, y] = upgradeReport({ unitIds: ['a', 'b'], grades: [...grades(1, ['a', 'b'], 'lagging'), ...grades(2, ['a'], 'average')], targets: TARGETS });
  // a: lagging → average; b: lagging → unclassified. 1/2 = 50.0 %.
  expect(y.unclassified).toBe(1);
  expect(y.targets[2]).toMatchObject({ base: 2, achieved: 1, percent: 50, met: false });
  // No average unit the year before: that rate has no base, neither met nor missed.
  expect(y.targets[1]).toMatchObject({ base: 0, percent: null, met: null });
  expect(y.laggingNotTransformed.map((l) => l.unitId)).toEqual(['b']);
});

test('when the report is exported, then the CSV rows carry each grade, each target and each lagging unit with its items', () => {
  const rows = upgradeReportRows(report());
  expect(rows[0][0]).toBe('year 年度');
  expect(rows).toContainEqual(['2012', 'grade 等次', '先進 advanced', '5', '25', '', '']);
  expect(rows).toContainEqual(['2012', 'target 升級目標', '一般黨組織年升級率 averageUpgrade', '2/9', '22.2', '30', 'no 未達標']);
  expect(rows).toContainEqual(['2012', 'lagging not transformed 未轉化後進', 'u20', '', '', '', 'lagging-2011:open']);
});

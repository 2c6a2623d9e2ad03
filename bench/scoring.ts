/**
 * `npm run bench:scoring`: one scoring round (量化考評) of 10,000 units on the
 * 五個好 scheme (5 items each, 50,000 entries). Prints, asserting nothing:
 * - the pure computation (domain/scoring.ts: computeRound) against a bare
 *   loop doing only the weighted sums over the same numbers;
 * - the yearly upgrade report (domain/upgrade-report.ts) over two years;
 * - the activities' database side (entries recorded, then the close writing
 *   score.computed and grade.proposed per unit with the hash-chained ledger)
 *   for SCORING_BENCH_DB_UNITS units (default 1,000), in a throw-away database
 *   on the PostgreSQL at TEST_PG_ADMIN_URL (default 127.0.0.1:5432).
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createStorage } from '../adapters/storage';
import { createScoringActivities } from '../activities/scoring';
import { scoringSchemeSchema } from '../domain/plan-scoring';
import { computeRound, type RecordedEntry } from '../domain/scoring';
import { upgradeReport, type YearGrade } from '../domain/upgrade-report';
import { FIVE_GOODS } from '../domain/templates/scoring';
import type { ScoreEntryInput } from '../contracts';
import { createTestDatabase } from '../test/support/database';

const UNITS = 10_000;
const DB_UNITS = Number(process.env.SCORING_BENCH_DB_UNITS ?? 1000);
const RUNS = 7;
const scheme = scoringSchemeSchema.parse(FIVE_GOODS);

/** A deterministic spread of scores (no randomness: the same figures every run). */
function entriesFor(units: number): RecordedEntry[] {
  const entries: RecordedEntry[] = [];
  for (let u = 0; u < units; u++) {
    const unitId = `u${u}`;
    for (const [i, item] of scheme.items.entries()) {
      const value = item.scale === 'survey' ? { satisfied: (u * 7 + i) % 10, basically_satisfied: 2, unsatisfied: (u + i) % 3 } : ((u * 13 + i * 7) % 21);
      entries.push({ subjectType: 'unit', unitId, itemId: item.id, value, key: `k/${u}/${i}` });
    }
  }
  return entries;
}

function median(work: () => unknown): number {
  work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** The floor: weighted sums over the same entries, nothing else (no grouping by subject, no checks, no detail). */
function bareLoop(entries: RecordedEntry[]): number {
  const weight = new Map(scheme.items.map((i) => [i.id, i] as const));
  let sum = 0;
  for (const e of entries) {
    const item = weight.get(e.itemId)!;
    if (typeof e.value === 'number') sum += (item.weight * e.value) / item.maximum;
    else {
      const c = e.value as Record<string, number>;
      const n = c.satisfied + c.basically_satisfied + c.unsatisfied;
      sum += n ? (item.weight * (c.satisfied + 0.6 * c.basically_satisfied)) / n : 0;
    }
  }
  return sum;
}

async function databaseSide(): Promise<void> {
  const db = await createTestDatabase({ prefix: 'scoring_bench' });
  try {
    const storage = createStorage(db.pool);
    const activities = createScoringActivities({ storage });
    const env = new MockActivityEnvironment();
    const round = { campaignId: 'bench', roundId: 'r1', scheme, thresholds: { advancedFromPercent: 85, averageFromPercent: 60 }, year: 2011, classificationRound: '2011', subtreeRootId: 'u0', closesAt: new Date().toISOString() };
    await env.run(activities.openScoringRound, { round, actor: 'office', occurredAt: new Date().toISOString() });
    const all = entriesFor(DB_UNITS).map(({ key: _key, ...e }) => e as ScoreEntryInput);
    const t0 = performance.now();
    for (let b = 0; b * 2000 < all.length; b++) {
      await env.run(activities.recordScoreEntries, { campaignId: 'bench', roundId: 'r1', schemeId: scheme.id, schemeVersion: 1, batch: b + 1, actor: 'sup', occurredAt: new Date().toISOString(), entries: all.slice(b * 2000, (b + 1) * 2000) });
    }
    const t1 = performance.now();
    const scored = await env.run(activities.closeScoringRound, { round, actor: 'office', occurredAt: new Date().toISOString() });
    const t2 = performance.now();
    const perUnit = (t2 - t0) / DB_UNITS;
    console.log(`database side, ${DB_UNITS} units (${all.length} entries, ${scored} scored):`);
    console.log(`  entries recorded (score.entered + rows, batches of 2,000): ${(t1 - t0).toFixed(0)} ms`);
    console.log(`  close (score.computed + grade.proposed + results):        ${(t2 - t1).toFixed(0)} ms`);
    console.log(`  per unit ${perUnit.toFixed(2)} ms → about ${((perUnit * UNITS) / 1000).toFixed(0)} s for ${UNITS.toLocaleString('en')} units (extrapolated, one writer per campaign chain)`);
  } finally {
    await db.drop();
  }
}

async function main() {
  const entries = entriesFor(UNITS);
  let results = computeRound(scheme, entries);
  const computeMs = median(() => (results = computeRound(scheme, entries)));
  const bareMs = median(() => bareLoop(entries));
  const grades = results.map((r) => r.score.grade);
  console.log(`pure computation, ${UNITS.toLocaleString('en')} units × ${scheme.items.length} items (${entries.length.toLocaleString('en')} entries), median of ${RUNS}:`);
  console.log(`  computeRound (grouping, latest entry per item, totals, grades, detail): ${computeMs.toFixed(1)} ms`);
  console.log(`  bare loop (weighted sums only):                                        ${bareMs.toFixed(1)} ms  (×${(computeMs / bareMs).toFixed(1)})`);
  console.log(`  grades: advanced ${grades.filter((g) => g === 'advanced').length}, average ${grades.filter((g) => g === 'average').length}, lagging ${grades.filter((g) => g === 'lagging').length}`);

  const unitIds = results.map((r) => r.subject.unitId);
  const yearGrades: YearGrade[] = results.flatMap((r, i) => [
    { unitId: r.subject.unitId, year: 2011, grade: r.score.grade! },
    { unitId: r.subject.unitId, year: 2012, grade: (['advanced', 'average', 'lagging'] as const)[i % 3] },
  ]);
  const reportMs = median(() => upgradeReport({ unitIds, grades: yearGrades, targets: { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 } }));
  console.log(`  upgrade report, ${UNITS.toLocaleString('en')} units × 2 years: ${reportMs.toFixed(1)} ms`);
  await databaseSide();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/** Public commitments (公開承諾, issue 13): the templates against the seeds, and the pure rules. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commitmentListingAt, commitmentRules, completionDateProblem, coverageOf, isKept, satisfiedPercent } from '../../domain/commitments';
import { COMMITMENT_CHANNELS } from '../../domain/labels';
import { parsePlan } from '../../domain/plan';
import { SEED_000_REGIMENT } from '../../domain/templates/seed-000-regiment';
import { SEED_001_TOWNSHIP } from '../../domain/templates/seed-001-township';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';

const SEEDS = '/work/shared/seeds';
const seedText = (prefix: string) => {
  const file = readdirSync(SEEDS).find((name) => name.startsWith(prefix));
  return readFileSync(path.join(SEEDS, file!), 'utf8').replace(/\s+/g, '');
};

const seed000 = parsePlan(SEED_000_REGIMENT);
const seed001 = parsePlan(SEED_001_TOWNSHIP);
const seed003 = parsePlan(SEED_003_BUREAU);

describe('the templates carry the seeds’ commitments', () => {
  test('when seed 001 asks for 公開承諾面達100%, then its template targets 100 % coverage', () => {
    expect(seedText('001').includes('公開承諾面達100%')).toBe(true);
    expect(commitmentRules(seed001).coverageTargetPercent).toBe(100);
  });

  test('when seed 001 names where commitments are published, then each has its channel label', () => {
    const text = seedText('001');
    expect(text.includes('黨員干部會議、黨務公開欄、廣播、媒體刊物')).toBe(true);
    for (const channel of Object.values(COMMITMENT_CHANNELS)) expect([channel.zh, text.includes(channel.zh)]).toEqual([channel.zh, true]);
  });

  test('when seed 003 lists unfinished items at the end of 示範帶動、整改提高, then unfulfilled commitments are listed at the end of that phase', () => {
    // Seed 003 is written in simplified characters.
    expect(seedText('003').includes('挂牌督办、跟踪问效')).toBe(true);
    expect(commitmentRules(seed003).listUnfulfilledAtEndOf).toBe('demonstration');
    expect(commitmentListingAt(seed003, Date.parse('2010-05-20T00:00:00Z'))).toBe('2012-06-30T23:59:59.999+08:00');
  });

  test('when seeds 000 and 003 commit to the masses, then every unit and member is expected to commit (100 %)', () => {
    expect(seedText('000').includes('向群眾作出公開承諾')).toBe(true);
    expect(seedText('003').includes('向群众公布,进行承诺,接受群众监督')).toBe(true);
    expect(commitmentRules(seed000).coverageTargetPercent).toBe(100);
    expect(commitmentRules(seed003).coverageTargetPercent).toBe(100);
    expect(seed000.phases.map((p) => p.id)).toContain(commitmentRules(seed000).listUnfulfilledAtEndOf);
    expect(seed001.phases.map((p) => p.id)).toContain(commitmentRules(seed001).listUnfulfilledAtEndOf);
  });

  test('when a plan lists commitments at the end of an unknown phase, then the plan is refused naming the field', () => {
    expect(() => parsePlan({ ...SEED_003_BUREAU, commitments: { listUnfulfilledAtEndOf: 'nowhere' } })).toThrow(/commitments\.listUnfulfilledAtEndOf/);
  });
});

describe('the commitment rules', () => {
  test('when a completion date lies outside the campaign, then the problem says which window to choose from', () => {
    expect(completionDateProblem(seed000, '2010-09-01')).toBeNull();
    expect(completionDateProblem(seed000, '2011-07-01')).toContain('2010-05-15 – 2011-06-30');
    expect(completionDateProblem(seed000, '2010-01-01')).toContain('outside the campaign');
  });

  test('when a commitment is reported, reviewed at least fair and 60 % of the masses are satisfied, then it is kept', () => {
    const rule = commitmentRules(seed003).fulfilment;
    const counts = { satisfied: 40, basically_satisfied: 20, unsatisfied: 40 };
    expect(satisfiedPercent(counts)).toBe(60);
    expect(isKept({ reported: true, review: { rating: 'good' }, massRating: counts }, rule)).toBe(true);
    expect(isKept({ reported: true, review: { rating: 'poor' }, massRating: counts }, rule)).toBe(false);
    expect(isKept({ reported: true, review: { rating: 'good' } }, rule)).toBe(false);
    expect(isKept({ reported: true, review: { rating: 'good' }, massRating: { ...counts, unsatisfied: 41 } }, rule)).toBe(false);
    expect(isKept({ reported: false, review: { rating: 'excellent' }, massRating: counts }, rule)).toBe(false);
  });

  test('when 3 of 4 members and the unit have commitments, then coverage is 75 % of members and 100 % of units against 100 %', () => {
    const coverage = coverageOf({ units: 1, unitsWithCommitments: 1, members: 4, membersWithCommitments: 3 }, 100);
    expect(coverage).toEqual({
      units: { total: 1, withCommitments: 1, percent: 100 },
      members: { total: 4, withCommitments: 3, percent: 75 },
      targetPercent: 100,
      unitsMet: true,
      membersMet: false,
    });
    expect(coverageOf({ units: 3, unitsWithCommitments: 1, members: 0, membersWithCommitments: 0 }, 100).units.percent).toBe(33.33);
  });
});

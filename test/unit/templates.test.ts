import { addDays } from '../../domain/calendar';
import { DEFAULT_LADDER, parsePlan, tasksForUnitType, type Milestone, type Plan, type PlanInput } from '../../domain/plan';
import { getTemplate, listTemplates, TEMPLATES } from '../../domain/templates';
import { SEED_000_REGIMENT } from '../../domain/templates/seed-000-regiment';
import { SEED_001_TOWNSHIP } from '../../domain/templates/seed-001-township';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';
import { InvalidInputError, type InputProblem } from '../../domain/validation';

function windows(plan: Plan) {
  return plan.phases.map((phase) => ({ id: phase.id, zh: phase.name.zh, start: phase.window.start, end: phase.window.end }));
}

function task(plan: Plan, id: string) {
  const found = plan.phases.flatMap((phase) => phase.tasks.map((t) => ({ ...t, phaseId: phase.id }))).find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

function milestone(plan: Plan, id: string): Milestone {
  const found = plan.milestones.find((m) => m.id === id);
  if (!found) throw new Error(`no milestone ${id}`);
  return found;
}

/** The problems a malformed plan is rejected with; fails the test when it is accepted or fails otherwise. */
function problemsOf(input: unknown): InputProblem[] {
  try {
    parsePlan(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error('the plan was accepted');
}

function copyOf003(): PlanInput {
  return structuredClone(SEED_003_BUREAU);
}

describe('plan templates from the seeds', () => {
  describe.each(Object.entries(TEMPLATES))('template %s', (id, template) => {
    it('when parsed then it is a valid plan whose id and source name the seed', () => {
      const plan = parsePlan(template.plan);
      expect(plan.id).toBe(id);
      expect(plan.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      expect(plan.source?.slice(0, 3)).toBe(id.slice(5, 8));
    });

    it('when parsed then the defaults the seed does not override are filled in: reminders 7 and 1 days before, the default ladder', () => {
      const plan = parsePlan(template.plan);
      expect(plan.reminders.daysBefore).toEqual([7, 1]);
      expect(plan.escalation.ladder).toEqual(DEFAULT_LADDER);
    });

    it('when parsed then every point-review cadence names a phase of the plan and July 1 is the yearly milestone', () => {
      const plan = parsePlan(template.plan);
      const phaseIds = plan.phases.map((p) => p.id);
      expect(plan.pointReviews.length).toBeGreaterThan(0);
      for (const cadence of plan.pointReviews) expect(phaseIds).toContain(cadence.phase);
      expect(milestone(plan, 'july-1')).toMatchObject({ kind: 'yearly', month: 7, day: 1 });
    });
  });

  describe('seed 003 (bureau, 2010–2012)', () => {
    const plan = parsePlan(SEED_003_BUREAU);

    it('when parsed then it has the four phases with exactly the windows of the seed', () => {
      expect(windows(plan)).toEqual([
        { id: 'mobilization', zh: '廣泛發動、安排部署', start: '2010-05-15', end: '2010-05-31' },
        { id: 'advancement', zh: '全面爭創、扎實推進', start: '2010-06-01', end: '2011-06-30' },
        { id: 'demonstration', zh: '示範帶動、整改提高', start: '2011-07-01', end: '2012-06-30' },
        { id: 'summary', zh: '系統總結、完善機制', start: '2012-07-01', end: { milestone: 'party-congress-18', offsetDays: -1 } },
      ]);
    });

    it('when parsed then its milestones are July 1 every year, the 90th anniversary on 2011-07-01 and the 18th Congress with no date yet', () => {
      expect(plan.milestones.map((m) => m.id)).toEqual(['july-1', 'party-90th-anniversary', 'party-congress-18']);
      expect(milestone(plan, 'party-90th-anniversary')).toMatchObject({ kind: 'fixed', date: '2011-07-01' });
      const congress = milestone(plan, 'party-congress-18');
      expect(congress.kind).toBe('to_be_set');
      expect('date' in congress ? congress.date : undefined).toBeUndefined();
    });

    it('when the party-spirit analysis report is scheduled then it is due the day before July 1, 2010, in the advancement phase', () => {
      const report = task(plan, 'party-spirit-analysis-report');
      expect(report.phaseId).toBe('advancement');
      expect(report.title.zh).toBe('黨性分析報告');
      expect(report.due).toEqual({ kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 });
      // The yearly July 1 of 2010, one day earlier, is the last day of June 2010.
      expect(addDays('2010-07-01', report.due.kind === 'milestone' ? report.due.offsetDays : 0)).toBe('2010-06-30');
      for (const id of ['party-spirit-three-ones', 'mass-evaluation-of-members']) {
        expect(task(plan, id).due).toEqual({ kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 });
      }
    });

    it('when the campaign summary is scheduled then it is due the day before the Party Congress, in the summary phase', () => {
      const summary = task(plan, 'campaign-summary');
      expect(summary.phaseId).toBe('summary');
      expect(summary.title.zh).toContain('總結');
      expect(summary.due).toEqual({ kind: 'milestone', milestone: 'party-congress-18', offsetDays: -1 });
    });

    it('when the mobilization phase is listed then it holds the meeting, the implementation plan, the public commitments and the study', () => {
      expect(plan.phases[0].tasks.map((t) => t.id)).toEqual(['mobilization-meeting', 'implementation-plan', 'public-commitment', 'organised-study']);
      expect(plan.phases[0].tasks.every((t) => t.required && t.due.kind === 'phase_end')).toBe(true);
    });

    it('when exemplars are recommended for the 90th anniversary then the deadline is the day before it, inside the advancement window', () => {
      const recommendation = task(plan, 'exemplar-recommendation-90th');
      expect(recommendation.due).toEqual({ kind: 'milestone', milestone: 'party-90th-anniversary', offsetDays: -1 });
      expect(addDays('2011-07-01', -1)).toBe(plan.phases[1].window.end);
    });

    it('when the summary phase is listed then it shows results, sums up, is assessed and reviewed, and fixes standing rules', () => {
      expect(plan.phases[3].tasks.map((t) => t.id)).toEqual(['results-exhibition', 'campaign-summary', 'assessment-and-review', 'standing-mechanisms']);
      expect(task(plan, 'assessment-and-review').title.zh).toBe('考核評議');
    });

    it('when the unit’s own activities are listed then they are optional (自選動作) and the others required (規定動作)', () => {
      expect(task(plan, 'own-initiative-activities').required).toBe(false);
      expect(task(plan, 'post-dedication').required).toBe(true);
    });

    it('when point reviews are scheduled then they are quarterly in advancement and demonstration and once in the summary', () => {
      expect(plan.pointReviews).toEqual([
        { phase: 'advancement', every: 'quarterly' },
        { phase: 'demonstration', every: 'quarterly' },
        { phase: 'summary', every: 'once' },
      ]);
    });
  });

  describe('seed 000 (regiment, 2010–2011)', () => {
    const plan = parsePlan(SEED_000_REGIMENT);

    it('when parsed then it has the three steps with the windows of the seed', () => {
      expect(windows(plan)).toEqual([
        { id: 'arrangement', zh: '安排部署', start: '2010-05-15', end: '2010-05-31' },
        { id: 'advancement', zh: '扎實推進', start: '2010-06-01', end: '2010-12-31' },
        { id: 'summary-commendation', zh: '總結表彰', start: '2011-01-01', end: '2011-06-30' },
      ]);
    });

    it('when the summary and commendation work is scheduled then all of it is due before March 2011', () => {
      const dues = plan.phases[2].tasks.map((t) => t.due);
      expect(dues).toHaveLength(4);
      for (const due of dues) expect(due).toEqual({ kind: 'date', date: '2011-02-28' });
    });

    it('when party-spirit education is scheduled then it is due before July 1, 2010', () => {
      expect(task(plan, 'party-spirit-education').due).toEqual({ kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 });
    });

    it('when its unit themes are read then the six unit types of its 分類指導 have the seed’s themes', () => {
      expect(Object.keys(plan.unitThemes).sort()).toEqual(['agency', 'community', 'health_service', 'non_public_enterprise', 'school', 'village_company']);
      expect(plan.unitThemes.village_company?.zh).toBe('建設文明生態連、黨員爭先鋒模範');
      expect(plan.unitThemes.community?.zh).toBe('提升服務水平、構建和諧社區');
    });
  });

  describe('seed 001 (township, 2011–2012)', () => {
    const plan = parsePlan(SEED_001_TOWNSHIP);

    it('when parsed then it carries the yearly 三分類三升級 targets of the seed: 20%, 30%, 95%', () => {
      expect(plan.classificationTargets).toEqual({ advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 });
    });

    it('when its unit themes are read then the union, youth league and women’s federation each have their own', () => {
      expect(plan.unitThemes.union?.zh).toContain('三比三創');
      expect(plan.unitThemes.youth_league?.zh).toBe('爭當青年先鋒,建功XX強鄉');
      expect(plan.unitThemes.womens_federation?.zh).toBe('學知識、學技能、爭創巾幗時代先鋒');
    });

    it('when tasks are listed for a mass organisation then it gets its own work and not the party branches’ meeting', () => {
      const unionTasks = tasksForUnitType(plan, 'union').map((t) => t.id);
      expect(unionTasks).toContain('union-three-compare-three-create');
      expect(unionTasks).toContain('mass-org-annual-report');
      expect(unionTasks).not.toContain('youth-league-vanguard');
      expect(unionTasks).not.toContain('mass-org-branch-meeting');
      expect(tasksForUnitType(plan, 'village_company').map((t) => t.id)).toContain('mass-org-branch-meeting');
    });

    it('when parsed then its phases are the 2011 mass-organisation year and the 2012 organisation-building year, summing up before the Congress', () => {
      expect(windows(plan).map(({ id, start, end }) => ({ id, start, end }))).toEqual([
        { id: 'party-led-mass-organisations', start: '2011-01-01', end: '2011-12-31' },
        { id: 'organisation-building-year', start: '2012-03-20', end: '2012-12-31' },
      ]);
      expect(task(plan, 'three-year-summary').due).toEqual({ kind: 'milestone', milestone: 'party-congress-18', offsetDays: -1 });
    });
  });

  describe('malformed plans', () => {
    it('when a phase window ends before it starts then the plan is rejected naming phases.1.window.end', () => {
      const input = copyOf003();
      input.phases[1].window.end = '2010-05-20';
      const problems = problemsOf(input);
      expect(problems.map((p) => p.path)).toEqual(['phases.1.window.end']);
      expect(problems[0].message).toContain('2010-05-20');
    });

    it('when a task is due relative to an unknown milestone then the plan is rejected naming that task’s due.milestone', () => {
      const input = copyOf003();
      input.phases[3].tasks![1].due = { kind: 'milestone', milestone: 'party-congress-19', offsetDays: -1 };
      const problems = problemsOf(input);
      expect(problems.map((p) => p.path)).toEqual(['phases.3.tasks.1.due.milestone']);
      expect(problems[0].message).toContain('party-congress-19');
    });

    it('when the last phase ends relative to an unknown milestone then the plan is rejected naming phases.3.window.end.milestone', () => {
      const input = copyOf003();
      input.phases[3].window.end = { milestone: 'congress', offsetDays: -1 };
      expect(problemsOf(input).map((p) => p.path)).toEqual(['phases.3.window.end.milestone']);
    });

    it('when a phase starts on 2010-02-30 then the plan is rejected naming phases.0.window.start', () => {
      const input = copyOf003();
      input.phases[0].window.start = '2010-02-30';
      const problems = problemsOf(input);
      expect(problems.map((p) => p.path)).toEqual(['phases.0.window.start']);
      expect(problems[0].message).toMatch(/calendar date/);
    });

    it('when a task is due on 2010-02-30 then the plan is rejected naming that task’s due.date', () => {
      const input = copyOf003();
      input.phases[0].tasks![0].due = { kind: 'date', date: '2010-02-30' };
      const problems = problemsOf(input);
      // The plan-level checks still run and also find it before the phase starts (2010-05-15): both name the same path.
      expect(new Set(problems.map((p) => p.path))).toEqual(new Set(['phases.0.tasks.0.due.date']));
      expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/calendar date/));
    });

    it('when the township’s targets exceed 100% then the plan is rejected naming the target', () => {
      const input = structuredClone(SEED_001_TOWNSHIP);
      input.classificationTargets = { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 195 };
      expect(problemsOf(input).map((p) => p.path)).toEqual(['classificationTargets.laggingTransformedPercent']);
    });
  });

  describe('the template registry', () => {
    it('when templates are listed then the three seeds are offered with bilingual titles', () => {
      const listed = listTemplates();
      expect(listed.map((t) => t.id)).toEqual(['seed-003-bureau', 'seed-000-regiment', 'seed-001-township']);
      for (const t of listed) {
        expect(t.title.zh.length).toBeGreaterThan(0);
        expect(t.title.en.length).toBeGreaterThan(0);
      }
    });

    it('when a template is taken and changed then the registry keeps the original', () => {
      const copy = getTemplate('seed-003-bureau');
      expect(copy).toEqual(SEED_003_BUREAU);
      copy!.phases[0].window.start = '2010-05-11';
      expect(getTemplate('seed-003-bureau')!.phases[0].window.start).toBe('2010-05-15');
      expect(SEED_003_BUREAU.phases[0].window.start).toBe('2010-05-15');
    });

    it('when an unknown template is asked for then there is none', () => {
      expect(getTemplate('seed-002-unknown')).toBeUndefined();
      expect(getTemplate('toString')).toBeUndefined();
    });
  });
});

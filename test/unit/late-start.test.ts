/** The late-start decision and the catch-up digest, as pure functions. */
import { endOfLocalDay } from '../../domain/calendar';
import { chasesBefore, decideLateStart, withLateStart, type LateStartSettings } from '../../domain/late-start';
import { catchUpDigests, type NotificationDraft } from '../../domain/notifications';
import type { TaskDeadline } from '../../domain/schedule';

const deadline = (taskId: string, dueDate: string | undefined): TaskDeadline => ({ taskId, phaseId: 'p', dueDate, dueAt: dueDate === undefined ? undefined : endOfLocalDay(dueDate) });
// Wednesday 2027-03-10, noon in Shanghai.
const START = Date.parse('2027-03-10T04:00:00Z');
const weekdays = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const settings = (policy: LateStartSettings['policy'], graceDays = 3, workingDays = true): LateStartSettings => ({ policy, graceDays, workingDays });

describe('decideLateStart', () => {
  const deadlines = [deadline('passed', '2027-03-01'), deadline('today', '2027-03-10'), deadline('later', '2027-04-01'), deadline('none', undefined)];

  test('grace: only deadlines already past at the start move, to the start plus working days (Wed + 3 = Mon)', () => {
    expect(decideLateStart(settings('grace'), deadlines, START, weekdays)).toEqual({
      policy: 'grace',
      startedAt: START,
      tasks: [{ taskId: 'passed', passedDueDate: '2027-03-01', graceDueDate: '2027-03-15' }],
    });
  });

  test('grace in calendar days: Wed + 3 = Sat', () => {
    expect(decideLateStart(settings('grace', 3, false), deadlines, START, weekdays).tasks[0].graceDueDate).toBe('2027-03-13');
  });

  test('waive and escalate name the passed task without a grace date', () => {
    for (const policy of ['waive', 'escalate'] as const) {
      expect(decideLateStart(settings(policy), deadlines, START, weekdays).tasks).toEqual([{ taskId: 'passed', passedDueDate: '2027-03-01' }]);
    }
  });
});

describe('withLateStart', () => {
  const grace = decideLateStart(settings('grace'), [deadline('passed', '2027-03-01')], START, weekdays);

  test('grace replaces the passed date; a date amended later than the passed one holds as amended', () => {
    expect(withLateStart([deadline('passed', '2027-03-01')], grace, endOfLocalDay)[0].dueDate).toBe('2027-03-15');
    expect(withLateStart([deadline('passed', '2027-05-01')], grace, endOfLocalDay)[0].dueDate).toBe('2027-05-01');
  });

  test('waive leaves no deadline; escalate and no record change nothing', () => {
    const waive = decideLateStart(settings('waive'), [deadline('passed', '2027-03-01')], START, weekdays);
    expect(withLateStart([deadline('passed', '2027-03-01')], waive, endOfLocalDay)[0]).toMatchObject({ dueDate: undefined, dueAt: undefined });
    const escalate = decideLateStart(settings('escalate'), [deadline('passed', '2027-03-01')], START, weekdays);
    expect(withLateStart([deadline('passed', '2027-03-01')], escalate, endOfLocalDay)[0].dueDate).toBe('2027-03-01');
    expect(withLateStart([deadline('passed', '2027-03-01')], undefined, endOfLocalDay)[0].dueDate).toBe('2027-03-01');
  });

  test('chasesBefore: grace and waive chase nothing for time before the start; escalate does', () => {
    expect(chasesBefore(grace, START - 1)).toBe(false);
    expect(chasesBefore(grace, START)).toBe(true);
    expect(chasesBefore({ ...grace, policy: 'escalate' }, START - 1)).toBe(true);
    expect(chasesBefore(undefined, 0)).toBe(true);
  });
});

describe('catchUpDigests', () => {
  const draft = (key: string, notify: NotificationDraft['notify']): NotificationDraft => ({ key, campaignId: 'c', unitId: 'u', kind: 'rung', notify, subject: `subject ${key}`, body: 'b', payload: {} });

  test('folds the notices into one per role, listing each subject it folds', () => {
    const digests = catchUpDigests([draft('a', ['secretary']), draft('b', ['secretary', 'supervisor']), draft('c', ['office'])], 'c/u/digest');
    expect(digests.map((d) => [d.key, d.notify, d.payload.folded])).toEqual([
      ['c/u/digest/secretary', ['secretary'], ['a', 'b']],
      ['c/u/digest/supervisor', ['supervisor'], ['b']],
      ['c/u/digest/office', ['office'], ['c']],
    ]);
    expect(digests[0].body).toBe('1. subject a\n2. subject b');
    expect(digests[0].subject).toContain('2');
  });

  test('a single notice is sent as it is', () => {
    expect(catchUpDigests([draft('a', ['secretary'])], 'x')).toEqual([draft('a', ['secretary'])]);
  });

  test('with the day of the pass, even a single notice is folded and the digest names its day (for the daily digest)', () => {
    const [digest] = catchUpDigests([draft('a', ['secretary'])], 'x', '2026-12-02');
    expect(digest).toMatchObject({ key: 'x/secretary', kind: 'digest', payload: { folded: ['a'], digestDay: '2026-12-02' } });
    expect(catchUpDigests([], 'x', '2026-12-02')).toEqual([]);
  });
});

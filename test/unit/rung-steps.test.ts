import { rungSteps } from '../../domain/escalation';
import { DEFAULT_LADDER, type LadderRung } from '../../domain/plan';
import type { WorkingDayCalendar } from '../../domain/schedule';

const workingDayLadder: LadderRung[] = [
  { rung: 'reminder', afterDays: 1, workingDays: true, notify: ['secretary'] },
  { rung: 'warning', afterDays: 3, workingDays: true, notify: ['secretary'] },
];
// Friday 2031-10-03 and Monday 2031-10-06 off, besides the weekend.
const holidays: WorkingDayCalendar = (date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) && !['2031-10-03', '2031-10-06'].includes(date);

test('when the same ladder is asked for the same deadline again, then the steps are the ones worked out the first time, and they cannot be changed', () => {
  const first = rungSteps({ ladder: DEFAULT_LADDER, atHour: 9 }, '2031-10-01');
  const again = rungSteps({ ladder: DEFAULT_LADDER, atHour: 9 }, '2031-10-01');
  expect(again).toBe(first);
  expect(first.map((s) => s.date)).toEqual(['2031-10-02', '2031-10-08', '2031-10-15', '2031-10-31', '2031-11-30']);
  expect(() => (first as Array<unknown>).push({})).toThrow(TypeError);
  expect(() => {
    (first[0] as { date: string }).date = '2031-12-31';
  }).toThrow(TypeError);
});

test('when the calendar, the hour or the deadline differs, then the steps are worked out for it, not taken from another', () => {
  const weekdays = rungSteps({ ladder: workingDayLadder, atHour: 9 }, '2031-10-02');
  const withHolidays = rungSteps({ ladder: workingDayLadder, atHour: 9 }, '2031-10-02', holidays);
  expect(weekdays.map((s) => s.date)).toEqual(['2031-10-03', '2031-10-07']);
  expect(withHolidays.map((s) => s.date)).toEqual(['2031-10-07', '2031-10-09']);
  const later = rungSteps({ ladder: workingDayLadder, atHour: 18 }, '2031-10-02');
  expect(later[0].at - weekdays[0].at).toBe(9 * 3600_000);
  expect(rungSteps({ ladder: workingDayLadder, atHour: 9 }, '2031-10-09').map((s) => s.date)).toEqual(['2031-10-10', '2031-10-14']);
});

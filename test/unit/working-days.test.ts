import { addDays, weekdayOf, type LocalDate } from '../../domain/calendar';
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import {
  changedWorkingDays,
  compareCalendarVersions,
  coversDate,
  createWorkingDayCalendar,
  nextCalendarVersion,
  type HolidayYear,
} from '../../domain/holidays/working-days';
import { holidayYearSchema, mergeYear } from '../../domain/holidays/holiday-year';
import { addWorkingDays, weekdaysOnly } from '../../domain/schedule';
import { InvalidInputError, type InputProblem } from '../../domain/validation';

const isWorkingDay = createWorkingDayCalendar(CN_HOLIDAY_CALENDAR);

/** `count` consecutive dates from `first`. */
function daysFrom(first: LocalDate, count: number): LocalDate[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** Asserts the notice's days off are not working days and its swapped weekend days are. */
function expectNotice(off: LocalDate[], worked: LocalDate[]) {
  for (const day of off) expect([day, isWorkingDay(day)]).toEqual([day, false]);
  for (const day of worked) {
    expect([day, weekdayOf(day) === 0 || weekdayOf(day) === 6]).toEqual([day, true]);
    expect([day, isWorkingDay(day)]).toEqual([day, true]);
  }
}

/** The problems a year's data is rejected with; fails the test when it is accepted. */
function problemsOf(year: number, data: HolidayYear): InputProblem[] {
  try {
    mergeYear(CN_HOLIDAY_CALENDAR, year, data);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error('the year was accepted');
}

/** Spring Festival 2025 as its notice gives it (1.28–2.4 off; Sunday 1.26 and Saturday 2.8 worked): test data for adding a year. */
const SPRING_FESTIVAL_2025: HolidayYear = {
  holidays: [{ name: { zh: '春节', en: 'Spring Festival' }, days: daysFrom('2025-01-28', 8) }],
  workingWeekends: ['2025-01-26', '2025-02-08'],
};

describe('the shipped holiday calendar', () => {
  it('when listed, then it has the seed years 2010–2012 and the current year 2026, and no unpublished 2027', () => {
    expect(Object.keys(CN_HOLIDAY_CALENDAR.years)).toEqual(['2010', '2011', '2012', '2026']);
    expect(CN_HOLIDAY_CALENDAR.version).toBe('2026-11-23');
  });

  it.each(Object.entries(CN_HOLIDAY_CALENDAR.years))('when the data for %s is checked against the schema, then it is valid and cites its notice', (year, data) => {
    const result = holidayYearSchema.safeParse({ year: Number(year), ...data });
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(data.sources?.map((s) => s.title)).toContain(`国务院办公厅关于${year}年部分节假日安排的通知`);
  });

  it('when a date is in a shipped year, then the calendar covers it; when in 2027 or 2009, then it does not', () => {
    expect(coversDate(CN_HOLIDAY_CALENDAR, '2010-01-01')).toBe(true);
    expect(coversDate(CN_HOLIDAY_CALENDAR, '2026-12-31')).toBe(true);
    expect(coversDate(CN_HOLIDAY_CALENDAR, '2027-01-04')).toBe(false);
    expect(coversDate(CN_HOLIDAY_CALENDAR, '2009-12-31')).toBe(false);
    expect(() => coversDate(CN_HOLIDAY_CALENDAR, '2026-02-30')).toThrow(RangeError);
  });
});

describe('working days under the 2010 notice (国办发明电〔2009〕27号)', () => {
  it('when it is Spring Festival 2010, then 2.13–2.19 are off and Saturday 2.20 and Sunday 2.21 are worked', () => {
    expectNotice(daysFrom('2010-02-13', 7), ['2010-02-20', '2010-02-21']);
  });

  it('when it is National Day 2010, then 10.1–10.7 are off and Sunday 9.26 and Saturday 10.9 are worked', () => {
    expectNotice(daysFrom('2010-10-01', 7), ['2010-09-26', '2010-10-09']);
  });

  it('when it is Dragon Boat and Mid-Autumn 2010, then 6.14–16 and 9.22–24 are off and 6.12, 6.13, 9.19, 9.25 are worked', () => {
    expectNotice([...daysFrom('2010-06-14', 3), ...daysFrom('2010-09-22', 3)], ['2010-06-12', '2010-06-13', '2010-09-19', '2010-09-25']);
  });
});

describe('working days under the 2011 notice (国办发明电〔2010〕40号)', () => {
  it('when it is Spring Festival 2011, then 2.2–2.8 are off and Sunday 1.30 and Saturday 2.12 are worked', () => {
    expectNotice(daysFrom('2011-02-02', 7), ['2011-01-30', '2011-02-12']);
  });

  it('when it is National Day 2011, then 10.1–10.7 are off and Saturday 10.8 and Sunday 10.9 are worked', () => {
    expectNotice(daysFrom('2011-10-01', 7), ['2011-10-08', '2011-10-09']);
  });

  it('when it is Saturday 2011-12-31, then it is worked, as the 2012 notice set for New Year', () => {
    expectNotice([], ['2011-12-31']);
  });
});

describe('working days under the 2012 notice (国办发明电〔2011〕45号)', () => {
  it('when it is Spring Festival 2012, then 1.22–1.28 are off and Saturday 1.21 and Sunday 1.29 are worked', () => {
    expectNotice(daysFrom('2012-01-22', 7), ['2012-01-21', '2012-01-29']);
  });

  it('when it is Mid-Autumn and National Day 2012, then 9.30–10.7 are off and Saturday 9.29 is worked', () => {
    expectNotice(daysFrom('2012-09-30', 8), ['2012-09-29']);
  });

  it('when it is Qingming and Labour Day 2012, then 4.2–4.4 and 4.29–5.1 are off and 3.31, 4.1, 4.28 are worked', () => {
    expectNotice([...daysFrom('2012-04-02', 3), ...daysFrom('2012-04-29', 3)], ['2012-03-31', '2012-04-01', '2012-04-28']);
  });
});

describe('working days under the 2026 notice (issued 2025-11-04)', () => {
  it('when it is Spring Festival 2026, then 2.15–2.23 are off and Saturdays 2.14 and 2.28 are worked', () => {
    expectNotice(daysFrom('2026-02-15', 9), ['2026-02-14', '2026-02-28']);
  });

  it('when it is National Day 2026, then 10.1–10.7 are off and Sunday 9.20 and Saturday 10.10 are worked', () => {
    expectNotice(daysFrom('2026-10-01', 7), ['2026-09-20', '2026-10-10']);
  });

  it('when it is New Year, Labour Day or Mid-Autumn 2026, then their weekdays are off and Sunday 1.4 and Saturday 5.9 are worked', () => {
    expectNotice(['2026-01-01', '2026-01-02', '2026-05-01', '2026-05-04', '2026-05-05', '2026-09-25', '2026-06-19', '2026-04-06'], ['2026-01-04', '2026-05-09']);
  });

  it('when a day is in no notice item, then Monday–Friday are worked and Saturday–Sunday are not', () => {
    expect(isWorkingDay('2026-10-14')).toBe(true); // Wednesday
    expect(isWorkingDay('2026-10-17')).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-18')).toBe(false); // Sunday
  });

  it('when a date is in a year the data does not cover, then it falls back to Monday–Friday', () => {
    expect(isWorkingDay('2027-01-01')).toBe(weekdaysOnly('2027-01-01'));
    expect(isWorkingDay('2027-01-02')).toBe(false);
  });
});

describe('deadlines in working days with the holiday calendar', () => {
  it('when 3 working days run from Wednesday 2026-09-30, then the deadline is the swapped working Saturday 10.10, not Monday 10.5', () => {
    expect(addWorkingDays('2026-09-30', 3, isWorkingDay)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-05');
  });

  it('when 1 working day runs from Friday 2026-09-18, then the deadline is the swapped working Sunday 9.20', () => {
    expect(addWorkingDays('2026-09-18', 1, isWorkingDay)).toBe('2026-09-20');
  });

  it('when 10 working days run from Thursday 2026-02-12, then they skip the 9-day Spring Festival, count both swapped Saturdays and end on 3.4', () => {
    expect(addWorkingDays('2026-02-12', 10, isWorkingDay)).toBe('2026-03-04');
    expect(addWorkingDays('2026-02-12', 10)).toBe('2026-02-26');
  });

  it('when 5 working days run from Friday 2010-02-12, then the deadline is Wednesday 2.24, counting the worked weekend 2.20–2.21', () => {
    expect(addWorkingDays('2010-02-12', 5, isWorkingDay)).toBe('2010-02-24');
    expect(addWorkingDays('2010-02-12', 5)).toBe('2010-02-19');
  });
});

describe('the schema for a year the office adds', () => {
  it('when a holiday date does not exist, then it is rejected at that date path', () => {
    const problems = problemsOf(2027, { holidays: [{ name: { zh: '春节', en: 'Spring Festival' }, days: ['2027-02-06', '2027-02-30'] }], workingWeekends: [] });
    expect(problems).toEqual([{ path: 'holidays.0.days.1', message: 'must be a calendar date written YYYY-MM-DD' }]);
  });

  it('when a working weekend day is a Wednesday, then it is rejected at that working-weekend path', () => {
    const problems = problemsOf(2027, { holidays: [], workingWeekends: ['2027-02-13', '2027-02-10'] });
    expect(problems).toEqual([{ path: 'workingWeekends.1', message: '2027-02-10 is not a Saturday or Sunday' }]);
  });

  it('when a date is both a holiday and a working weekend day, then it is rejected naming both paths', () => {
    const problems = problemsOf(2025, { ...SPRING_FESTIVAL_2025, workingWeekends: ['2025-01-26', '2025-02-01'] });
    expect(problems).toEqual([{ path: 'workingWeekends.1', message: '2025-02-01 is also a holiday at holidays.0.days.4' }]);
  });

  it('when a date falls outside the year it is given for, then it is rejected', () => {
    const problems = problemsOf(2027, { holidays: [{ name: { zh: '元旦', en: "New Year's Day" }, days: ['2026-12-31'] }], workingWeekends: ['2026-12-26'] });
    expect(problems.map((p) => p.path)).toEqual(['holidays.0.days.0', 'workingWeekends.0']);
    expect(problems[0].message).toBe('must be a date in 2027');
  });

  it('when a holiday day is listed twice or a name is missing, then each is rejected at its path', () => {
    const problems = problemsOf(2025, {
      holidays: [
        { name: { zh: '春节', en: '' }, days: ['2025-01-28'] },
        { name: { zh: '春节', en: 'Spring Festival' }, days: ['2025-01-29', '2025-01-28'] },
      ],
      workingWeekends: [],
    });
    expect(problems).toEqual([
      { path: 'holidays.0.name.en', message: 'the English name is required' },
      { path: 'holidays.1.days.1', message: '2025-01-28 is already listed at holidays.0.days.0' },
    ]);
  });
});

describe('adding or correcting a year', () => {
  it('when the office adds a year, then the new data set covers it under a bumped version and the shipped one is unchanged', () => {
    const merged = mergeYear(CN_HOLIDAY_CALENDAR, 2025, SPRING_FESTIVAL_2025);
    expect(merged.version).toBe('2026-11-23.1');
    expect(coversDate(merged, '2025-02-08')).toBe(true);
    const calendar = createWorkingDayCalendar(merged);
    expect([calendar('2025-01-26'), calendar('2025-01-28'), calendar('2025-02-04'), calendar('2025-02-08')]).toEqual([true, false, false, true]);
    expect(calendar('2026-10-10')).toBe(true);
    expect(coversDate(CN_HOLIDAY_CALENDAR, '2025-02-08')).toBe(false);
    expect(CN_HOLIDAY_CALENDAR.version).toBe('2026-11-23');
  });

  it('when the office gives the version, then it is used if newer and refused if not', () => {
    expect(mergeYear(CN_HOLIDAY_CALENDAR, 2025, SPRING_FESTIVAL_2025, { version: '2026-12-01' }).version).toBe('2026-12-01');
    expect(() => mergeYear(CN_HOLIDAY_CALENDAR, 2025, SPRING_FESTIVAL_2025, { version: '2026-11-22' })).toThrow(RangeError);
    expect(() => mergeYear(CN_HOLIDAY_CALENDAR, 2025, SPRING_FESTIVAL_2025, { version: '2026-11-23' })).toThrow(RangeError);
  });

  it('when a year is resubmitted unchanged, then the same data set comes back and no version is spent', () => {
    const { sources, holidays, workingWeekends } = CN_HOLIDAY_CALENDAR.years[2026];
    const again = mergeYear(CN_HOLIDAY_CALENDAR, 2026, structuredClone({ holidays, workingWeekends, sources }));
    expect(again).toBe(CN_HOLIDAY_CALENDAR);
  });

  it('when a year is corrected, then the changed days are listed and a working-day deadline across them moves', () => {
    const y2026 = structuredClone(CN_HOLIDAY_CALENDAR.years[2026]);
    const nationalDay = y2026.holidays.find((h) => h.name.en === 'National Day')!;
    const corrected = mergeYear(CN_HOLIDAY_CALENDAR, 2026, {
      ...y2026,
      holidays: [...y2026.holidays.filter((h) => h !== nationalDay), { ...nationalDay, days: [...nationalDay.days, '2026-10-08'] }],
      workingWeekends: y2026.workingWeekends.filter((d) => d !== '2026-10-10'),
    });
    expect(changedWorkingDays(CN_HOLIDAY_CALENDAR, corrected)).toEqual(['2026-10-08', '2026-10-10']);
    expect(addWorkingDays('2026-09-30', 3, createWorkingDayCalendar(corrected))).toBe('2026-10-13');
    expect(changedWorkingDays(CN_HOLIDAY_CALENDAR, CN_HOLIDAY_CALENDAR)).toEqual([]);
  });

  it('when versions are compared, then the revision counter orders changes made from the same base date', () => {
    expect(nextCalendarVersion('2026-11-23.9')).toBe('2026-11-23.10');
    expect(compareCalendarVersions('2026-11-23.10', '2026-11-23.9')).toBeGreaterThan(0);
    expect(compareCalendarVersions('2026-11-23.3', '2026-12-01')).toBeLessThan(0);
  });
});

/**
 * China's official holiday calendar, as data: the days off and the swapped
 * working weekend days (調休) of each year, transcribed from the State Council
 * General Office's yearly notice (国务院办公厅关于20XX年部分节假日安排的通知).
 *
 * Years shipped: those the seed plans cover (2010–2012) and the current year
 * (2026). 2027 is not shipped: its notice had not been found when this version
 * was made; the campaign office adds it with `mergeYear` once it is published.
 *
 * Conventions: `days` lists every day of the notice's holiday span, weekend days
 * included; one entry per item of the notice (2012 gave Mid-Autumn and National
 * Day as one item); names are the notice's own (simplified) wording. A date is
 * filed under the year it falls in, whichever notice set it.
 */
import type { HolidayCalendarData } from './working-days';

export const CN_HOLIDAY_CALENDAR: HolidayCalendarData = {
  version: '2026-11-23',
  source: 'State Council General Office notices on the arrangement of certain holidays (国务院办公厅关于20XX年部分节假日安排的通知), one per year; see each year\'s sources',
  years: {
    2010: {
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, days: ['2010-01-01', '2010-01-02', '2010-01-03'] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          days: ['2010-02-13', '2010-02-14', '2010-02-15', '2010-02-16', '2010-02-17', '2010-02-18', '2010-02-19'],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, days: ['2010-04-03', '2010-04-04', '2010-04-05'] },
        { name: { zh: '劳动节', en: 'Labour Day' }, days: ['2010-05-01', '2010-05-02', '2010-05-03'] },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, days: ['2010-06-14', '2010-06-15', '2010-06-16'] },
        { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, days: ['2010-09-22', '2010-09-23', '2010-09-24'] },
        {
          name: { zh: '国庆节', en: 'National Day' },
          days: ['2010-10-01', '2010-10-02', '2010-10-03', '2010-10-04', '2010-10-05', '2010-10-06', '2010-10-07'],
        },
      ],
      workingWeekends: [
        '2010-02-20', // Sat, Spring Festival
        '2010-02-21', // Sun, Spring Festival
        '2010-06-12', // Sat, Dragon Boat Festival
        '2010-06-13', // Sun, Dragon Boat Festival
        '2010-09-19', // Sun, Mid-Autumn Festival
        '2010-09-25', // Sat, Mid-Autumn Festival
        '2010-09-26', // Sun, National Day
        '2010-10-09', // Sat, National Day
      ],
      sources: [
        {
          title: '国务院办公厅关于2010年部分节假日安排的通知',
          documentNumber: '国办发明电〔2009〕27号',
          issued: '2009-12-07',
          url: 'http://www.gov.cn/zhengce/content/2009-12/08/content_1476.htm',
        },
      ],
    },
    2011: {
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, days: ['2011-01-01', '2011-01-02', '2011-01-03'] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          days: ['2011-02-02', '2011-02-03', '2011-02-04', '2011-02-05', '2011-02-06', '2011-02-07', '2011-02-08'],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, days: ['2011-04-03', '2011-04-04', '2011-04-05'] },
        { name: { zh: '劳动节', en: 'Labour Day' }, days: ['2011-04-30', '2011-05-01', '2011-05-02'] },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, days: ['2011-06-04', '2011-06-05', '2011-06-06'] },
        { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, days: ['2011-09-10', '2011-09-11', '2011-09-12'] },
        {
          name: { zh: '国庆节', en: 'National Day' },
          days: ['2011-10-01', '2011-10-02', '2011-10-03', '2011-10-04', '2011-10-05', '2011-10-06', '2011-10-07'],
        },
      ],
      workingWeekends: [
        '2011-01-30', // Sun, Spring Festival
        '2011-02-12', // Sat, Spring Festival
        '2011-04-02', // Sat, Qingming Festival
        '2011-10-08', // Sat, National Day
        '2011-10-09', // Sun, National Day
        '2011-12-31', // Sat, New Year's Day 2012 (set by the 2012 notice)
      ],
      sources: [
        {
          title: '国务院办公厅关于2011年部分节假日安排的通知',
          documentNumber: '国办发明电〔2010〕40号',
          issued: '2010-12-09',
          url: 'http://www.gov.cn/zhengce/content/2010-12/10/content_1423.htm',
        },
        {
          title: '国务院办公厅关于2012年部分节假日安排的通知',
          documentNumber: '国办发明电〔2011〕45号',
          issued: '2011-12-05',
          url: 'http://www.gov.cn/zhengce/content/2011-12/06/content_1411.htm',
        },
      ],
    },
    2012: {
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, days: ['2012-01-01', '2012-01-02', '2012-01-03'] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          days: ['2012-01-22', '2012-01-23', '2012-01-24', '2012-01-25', '2012-01-26', '2012-01-27', '2012-01-28'],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, days: ['2012-04-02', '2012-04-03', '2012-04-04'] },
        { name: { zh: '劳动节', en: 'Labour Day' }, days: ['2012-04-29', '2012-04-30', '2012-05-01'] },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, days: ['2012-06-22', '2012-06-23', '2012-06-24'] },
        {
          name: { zh: '中秋节、国庆节', en: 'Mid-Autumn Festival and National Day' },
          days: [
            '2012-09-30',
            '2012-10-01',
            '2012-10-02',
            '2012-10-03',
            '2012-10-04',
            '2012-10-05',
            '2012-10-06',
            '2012-10-07',
          ],
        },
      ],
      workingWeekends: [
        '2012-01-21', // Sat, Spring Festival
        '2012-01-29', // Sun, Spring Festival
        '2012-03-31', // Sat, Qingming Festival
        '2012-04-01', // Sun, Qingming Festival
        '2012-04-28', // Sat, Labour Day
        '2012-09-29', // Sat, Mid-Autumn Festival and National Day
      ],
      sources: [
        {
          title: '国务院办公厅关于2012年部分节假日安排的通知',
          documentNumber: '国办发明电〔2011〕45号',
          issued: '2011-12-05',
          url: 'http://www.gov.cn/zhengce/content/2011-12/06/content_1411.htm',
        },
      ],
    },
    2026: {
      holidays: [
        { name: { zh: '元旦', en: "New Year's Day" }, days: ['2026-01-01', '2026-01-02', '2026-01-03'] },
        {
          name: { zh: '春节', en: 'Spring Festival' },
          days: [
            '2026-02-15',
            '2026-02-16',
            '2026-02-17',
            '2026-02-18',
            '2026-02-19',
            '2026-02-20',
            '2026-02-21',
            '2026-02-22',
            '2026-02-23',
          ],
        },
        { name: { zh: '清明节', en: 'Qingming Festival' }, days: ['2026-04-04', '2026-04-05', '2026-04-06'] },
        {
          name: { zh: '劳动节', en: 'Labour Day' },
          days: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
        },
        { name: { zh: '端午节', en: 'Dragon Boat Festival' }, days: ['2026-06-19', '2026-06-20', '2026-06-21'] },
        { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, days: ['2026-09-25', '2026-09-26', '2026-09-27'] },
        {
          name: { zh: '国庆节', en: 'National Day' },
          days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
        },
      ],
      workingWeekends: [
        '2026-01-04', // Sun, New Year's Day
        '2026-02-14', // Sat, Spring Festival
        '2026-02-28', // Sat, Spring Festival
        '2026-05-09', // Sat, Labour Day
        '2026-09-20', // Sun, National Day
        '2026-10-10', // Sat, National Day
      ],
      sources: [
        {
          title: '国务院办公厅关于2026年部分节假日安排的通知',
          issued: '2025-11-04',
          url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm',
        },
      ],
    },
  },
};

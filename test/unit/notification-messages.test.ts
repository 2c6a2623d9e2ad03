/**
 * The texts of notifications (domain/notifications.ts): Chinese with the
 * English term beside the key words, and each says what is due, by when
 * (a local date, Asia/Shanghai) and what happens next if nothing is done.
 */
import {
  approvalReminderMessage,
  chineseDate,
  rectificationMessage,
  reminderMessage,
  rungMessage,
} from '../../domain/notifications';

const partySpiritReport = { zh: '黨性分析報告', en: 'party-spirit analysis report' };

describe('reminder before a deadline', () => {
  it('when a reminder is built seven days before the deadline, then it names the task in both languages, the date and the first rung with its date', () => {
    const { subject, body } = reminderMessage({
      taskTitle: partySpiritReport,
      dueDate: '2010-06-30',
      daysBefore: 7,
      unitName: '機關第一黨支部',
      nextRung: { rung: 'warning', onDate: '2010-07-07' },
    });

    expect(subject).toContain('提醒 (reminder)');
    expect(subject).toContain('「黨性分析報告」(party-spirit analysis report)');
    expect(subject).toContain('還有7天到期 (due in 7 days)');
    expect(body).toContain('單位 (unit)：機關第一黨支部');
    expect(body).toContain('應辦事項 (what is due)：提交「黨性分析報告」(party-spirit analysis report)');
    expect(body).toContain('2010年6月30日24時前（2010-06-30，北京時間 Asia/Shanghai）');
    expect(body).toContain('如未按時完成 (if nothing is done)');
    expect(body).toContain('第一步（2010年7月7日，2010-07-07）為黃牌預警 (yellow-card warning)');
  });

  it('when the workflow names only the first rung, then the next step names that rung without a date', () => {
    const { body } = reminderMessage({ taskTitle: partySpiritReport, dueDate: '2010-06-30', daysBefore: 1, nextRung: 'reminder' });

    expect(body).toContain('還有1天到期 (due in 1 day)');
    expect(body).toContain('第一步為提醒 (reminder)：向書記 (secretary) 發出逾期提醒');
    expect(body).not.toContain('單位 (unit)');
  });

  it('when the due date is not a calendar date, then building the text fails rather than printing a wrong date', () => {
    expect(() => reminderMessage({ taskTitle: partySpiritReport, dueDate: '2010-02-30', daysBefore: 7 })).toThrow(RangeError);
    expect(chineseDate('2012-07-01')).toBe('2012年7月1日');
  });
});

describe('rungs of the overdue ladder', () => {
  it('when the warning rung is reached, then the text says how late it is, what this rung does and when listed supervision follows', () => {
    const { subject, body } = rungMessage({
      rung: 'warning',
      taskTitle: partySpiritReport,
      dueDate: '2010-06-30',
      overdueDays: 7,
      nextRung: { rung: 'listed_supervision', onDate: '2010-07-14' },
    });

    expect(subject).toBe('【黃牌預警 (yellow-card warning)】「黨性分析報告」(party-spirit analysis report)已逾期7天 (overdue by 7 days)');
    expect(body).toContain('原定截止時間 (deadline) 為2010年6月30日24時前（2010-06-30，北京時間 Asia/Shanghai）');
    expect(body).toContain('請立即提交 (submit now)');
    expect(body).toContain('下一步 (what happens next)：如到2010年7月14日（2010-07-14）仍未提交，將升級為掛牌督辦 (listed supervision)');
    expect(body).toContain('報告上級黨組織負責人 (supervisor)');
  });

  it('when the last rung is reached, then the text says there is no further rung and the lapse is in the ledger', () => {
    const { subject, body } = rungMessage({ rung: 'accountability', taskTitle: partySpiritReport, dueDate: '2010-06-30', overdueDays: 60 });

    expect(subject).toContain('問責 (accountability)');
    expect(body).toContain('最後一級 (the last rung)');
    expect(body).toContain('台帳 (ledger)');
    expect(body).not.toContain('將升級為');
  });

  it('when the same rung is built twice, then the texts are identical (workflows replay them)', () => {
    const input = { rung: 'circulated_criticism' as const, taskTitle: partySpiritReport, dueDate: '2010-06-30', overdueDays: 30 };
    expect(rungMessage(input)).toEqual(rungMessage({ ...input }));
    expect(rungMessage(input).body).toContain('通報批評 (circulated criticism)：在活動範圍內通報，報告活動領導小組辦公室 (campaign office)');
  });
});

describe('reminders to those who owe a decision', () => {
  it('when a submission has waited five days, then the approver is told what to decide, since when, and that the unit is stuck until then', () => {
    const { subject, body } = approvalReminderMessage({
      taskTitle: { zh: '實施方案', en: 'implementation plan' },
      submittedAt: '2010-05-20',
      waitingDays: 5,
      unitName: '機關第一黨支部',
    });

    expect(subject).toContain('待審核 (approval due)');
    expect(body).toContain('單位 (unit)：機關第一黨支部');
    expect(body).toContain('審核 (approval) 「機關第一黨支部」提交的「實施方案」(implementation plan)：通過 (approve) 或退回 (reject)');
    expect(body).toContain('單位已於2010年5月20日（2010-05-20）提交，已等待5天 (waiting 5 days)');
    expect(body).toContain('請盡快辦理 (as soon as possible)');
    expect(body).toContain('待審核 (submitted, awaiting approval)');
  });

  it('when a point review has a deadline and an escalation date, then both dates are in the text', () => {
    const { body } = approvalReminderMessage({
      kind: 'review',
      taskTitle: { zh: '2010年第三季度點評', en: 'point review, Q3 2010' },
      submittedAt: '2010-09-30',
      decideBy: '2010-10-10',
      escalateOn: '2010-10-11',
    });

    expect(body).toContain('作出點評 (point review)：「2010年第三季度點評」(point review, Q3 2010)');
    expect(body).toContain('評定等次 (rating)');
    expect(body).toContain('截止時間 (deadline)：2010年10月10日24時前（2010-10-10，北京時間 Asia/Shanghai）');
    expect(body).toContain('如到2010年10月11日（2010-10-11）仍未辦理，將報告活動領導小組辦公室 (campaign office)');
  });
  it('when an overdue point review is chased to the campaign office, then the text says whose review it is and that the office has been told', () => {
    const { subject, body } = approvalReminderMessage({
      kind: 'review',
      taskTitle: { zh: '2010-07-01至2010-09-30點評', en: 'point review for 2010-07-01 to 2010-09-30' },
      submittedAt: '2010-09-30',
      waitingDays: 20,
      to: 'office',
    });

    expect(subject).toContain('待點評 (review due)');
    expect(body).toContain('上級黨組織負責人 (supervisor) 應對下級單位作出點評 (point review)');
    expect(body).toContain('已等待20天 (waiting 20 days)');
    expect(body).toContain('並已報告活動領導小組辦公室 (campaign office)');
    expect(body).toContain('繼續按督辦程序 (escalation ladder) 升級');
  });
});

describe('rectification items (整改)', () => {
  it('when an item is opened, then the text says to report the fix by the deadline and that criticism and accountability follow', () => {
    const { subject, body } = rectificationMessage({ description: '黨員活動室制度未上牆', dueDate: '2011-03-31', event: 'opened' });

    expect(subject).toContain('整改 (rectification)');
    expect(subject).toContain('限期整改 (rectify within a deadline)');
    expect(body).toContain('報告整改情況 (report the fix)');
    expect(body).toContain('2011年3月31日24時前（2011-03-31，北京時間 Asia/Shanghai）');
    expect(body).toContain('通報批評 (circulated criticism) 並問責 (accountability)');
  });

  it('when an item reaches a rung, then the text names the rung, the days overdue and the next rung with its date', () => {
    const { subject, body } = rectificationMessage({
      description: '黨員活動室制度未上牆',
      dueDate: '2011-03-31',
      event: 'rung',
      rung: 'circulated_criticism',
      overdueDays: 15,
      nextRung: { rung: 'accountability', onDate: '2011-04-30' },
    });

    expect(subject).toContain('通報批評 (circulated criticism)，已逾期15天 (overdue by 15 days)');
    expect(body).toContain('已過期，請立即整改 (fix now)');
    expect(body).toContain('如到2011年4月30日（2011-04-30）仍未完成整改，將升級為問責 (accountability)');
  });

  it('when a fix is sent back, then the reason is in the text', () => {
    const { body } = rectificationMessage({ description: '台帳不全', dueDate: '2011-03-31', event: 'sent_back', reason: '缺少第二季度會議記錄' });
    expect(body).toContain('退回理由 (reason)：缺少第二季度會議記錄');
  });

  it('when a rung event names no rung, then building the text fails', () => {
    expect(() => rectificationMessage({ description: '台帳不全', dueDate: '2011-03-31', event: 'rung' })).toThrow(RangeError);
  });
});

/** The daily catch-up digest's keys and text (domain/daily-digest.ts). */
import { dailyDigestText, digestDayOf, digestGroupKey, digestMessageKey, type DigestPart } from '../../domain/daily-digest';

const part = (unit: number, notices: number): DigestPart => ({
  key: `c/u${unit}/late-start/digest/supervisor/supervisor:sup`,
  campaignId: 'c',
  unitId: `u${unit}`,
  unitName: `第${unit}支部`,
  subject: `補發彙總 (catch-up digest): ${notices} 條逾期通知 (overdue notices)`,
  body: Array.from({ length: notices }, (_, i) => `${i + 1}. 【黃牌預警】任務${i + 1}`).join('\n'),
});

describe('daily digest', () => {
  test('keys name the recipient, the day and the channel; a later digest of the same day is numbered', () => {
    const group = digestGroupKey('supervisor', 'sup-1', '2026-12-02');
    expect(group).toBe('supervisor:sup-1/2026-12-02');
    expect(digestDayOf(group)).toBe('2026-12-02');
    expect(digestMessageKey(group, 'webhook', 1)).toBe('digest/supervisor:sup-1/2026-12-02/webhook');
    expect(digestMessageKey(group, 'smtp', 2)).toBe('digest/supervisor:sup-1/2026-12-02/smtp#2');
    expect(digestMessageKey(group, 'wecom', 1, 'ab12')).toBe('digest/supervisor:sup-1/2026-12-02/wecom~ab12');
  });

  test('lists every unit with its notices, in both languages, and counts them', () => {
    const text = dailyDigestText('2026-12-02', [part(1, 2), part(2, 3)]);
    expect(text.subject).toBe('每日補發彙總 (daily catch-up digest) 2026-12-02：2 個單位 (units)，5 條逾期通知 (overdue notices)');
    expect(text.body).toContain('■ 第1支部 (u1)：');
    expect(text.body).toContain('■ 第2支部 (u2)：');
    expect(text.body).toContain('  3. 【黃牌預警】任務3');
    expect(text.body).not.toContain('more');
    expect(text.payload).toMatchObject({ day: '2026-12-02', units: 2, notices: 5 });
  });

  test('a backlog of any size is one message, capped with "… and N more"', () => {
    const parts = Array.from({ length: 500 }, (_, i) => part(i + 1, 5));
    const text = dailyDigestText('2026-12-02', parts, 60);
    const lines = text.body.split('\n');
    expect(lines).toHaveLength(1 + 60 + 1);
    // 500 units × (1 unit line + 5 notices) = 3000 lines, 60 shown.
    expect(lines.at(-1)).toBe('… 另有 2940 條 (and 2940 more)');
    expect(text.subject).toContain('500 個單位 (units)，2500 條逾期通知');
    expect(text.payload.merged).toHaveLength(500);
  });
});

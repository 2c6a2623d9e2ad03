/**
 * The daily catch-up digest (每日補發彙總): every pending catch-up notice of one
 * recipient, on one channel, for one Beijing day, as one message. Pure: the
 * outbox (adapters/storage/outbox-digests.ts) decides which rows merge, this
 * decides what the message says.
 */
import type { LocalDate } from './calendar';

/** Lines a digest lists before it says how many more there are. */
export const DIGEST_LINE_LIMIT = 60;

/** The grouping key a catch-up row carries: who it is for and which day (Asia/Shanghai). */
export const digestGroupKey = (recipientRole: string, recipientId: string, day: LocalDate) => `${recipientRole}:${recipientId}/${day}`;

/** The digest's own key (its idempotency key): recipient, day and channel; `#n` for a later digest of the same day. */
export function digestMessageKey(groupKey: string, channel: string, sequence: number, addressTag: string | null = null): string {
  return `digest/${groupKey}/${channel}${addressTag ? `~${addressTag}` : ''}${sequence > 1 ? `#${sequence}` : ''}`;
}

/** The day a grouping key names. */
export const digestDayOf = (groupKey: string): string => groupKey.slice(groupKey.lastIndexOf('/') + 1);

/** One catch-up row merged into the digest: a unit's own catch-up notice (its subject, and one line per folded notice). */
export interface DigestPart {
  key: string;
  campaignId: string;
  unitId: string | null;
  unitName: string | null;
  subject: string;
  body: string;
}

export interface DigestText {
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

/** The message: a headline with the counts, then each unit with its notices, capped at {@link DIGEST_LINE_LIMIT} lines. */
export function dailyDigestText(day: string, parts: readonly DigestPart[], limit = DIGEST_LINE_LIMIT): DigestText {
  const units = new Set(parts.map((p) => p.unitId ?? p.key));
  const lines: string[] = [];
  let notices = 0;
  for (const part of parts) {
    const items = part.body.split('\n').filter((line) => line.trim());
    notices += items.length;
    const who = part.unitName ? `${part.unitName} (${part.unitId})` : (part.unitId ?? part.campaignId);
    lines.push(`■ ${who}：${part.subject}`, ...items.map((line) => `  ${line}`));
  }
  const shown = lines.slice(0, limit);
  const hidden = lines.length - shown.length;
  return {
    subject: `每日補發彙總 (daily catch-up digest) ${day}：${units.size} 個單位 (units)，${notices} 條逾期通知 (overdue notices)`,
    body: [
      `以下單位啟動時已逾期，督辦程序 (escalation ladder) 已補記入台帳 (ledger)；本日的補發通知彙總如下 (today's catch-up notices, folded into one message):`,
      ...shown,
      ...(hidden > 0 ? [`… 另有 ${hidden} 條 (and ${hidden} more)`] : []),
    ].join('\n'),
    payload: {
      digest: 'daily-catch-up',
      day,
      units: units.size,
      notices,
      merged: parts.map((p) => ({ key: p.key, campaignId: p.campaignId, unitId: p.unitId })),
    },
  };
}

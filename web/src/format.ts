/** Dates, times and numbers as people in the office read them: zh-CN, Asia/Shanghai. */
const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' });
const number = new Intl.NumberFormat('zh-CN');
const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 });

/** An instant (ISO string) in Shanghai time. */
export const formatInstant = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
/** A local date (YYYY-MM-DD, already Shanghai's) as 2026年7月1日. */
export const formatDate = (date: string | null | undefined) => (date ? dateOnly.format(new Date(`${date}T12:00:00+08:00`)) : '—');
export const formatNumber = (value: number) => number.format(value);
export const formatPercent = (value: number) => percent.format(value);

/** Chinese first, English beside. */
export const bi = (text: { zh: string; en: string } | null | undefined) => (text ? `${text.zh} ${text.en}` : '—');

/** Today's date in Shanghai (YYYY-MM-DD). */
export function shanghaiToday(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/** The Monday (YYYY-MM-DD) of the Shanghai week an instant falls in. */
export function weekOf(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const day = (local.getUTCDay() + 6) % 7;
  local.setUTCDate(local.getUTCDate() - day);
  return local.toISOString().slice(0, 10);
}

/**
 * Text PostgreSQL cannot store in jsonb: the NUL character and unpaired UTF-16
 * surrogates. Refused at the API; replaced (with U+FFFD) before any write, so
 * that no input can make a ledger write fail for ever.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The path of the first string holding unstorable text, or undefined. */
export function findUnstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(i)]);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorableText(item, [...path, key]) ?? findUnstorableText(key, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A deep copy with unstorable characters replaced by U+FFFD. */
export function storableText<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE_ALL, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storableText) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableText(item)])) as T;
  }
  return value;
}

/**
 * Text PostgreSQL cannot store in jsonb: the NUL character and unpaired UTF-16
 * surrogates. Refused at the API; replaced (with U+FFFD) before any write, so
 * that no input can make a ledger write fail for ever.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL cannot store
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

interface Visit {
  value: unknown;
  key: string | undefined;
  parent: Visit | undefined;
}

const pathOf = (visit: Visit): string => {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || '(body)';
};

/**
 * The path of the first string (value or key) holding unstorable text, or
 * undefined. Walks with its own stack and builds a path only for the one it
 * reports: a body nested thousands deep is answered, not a stack overflow.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const pending: Visit[] = [{ value, key: undefined, parent: undefined }];
  while (pending.length) {
    const visit = pending.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return pathOf(visit);
    } else if (current && typeof current === 'object') {
      const isArray = Array.isArray(current);
      const children: Array<readonly [string, unknown]> = isArray ? current.map((item, i) => [String(i), item] as const) : Object.entries(current);
      // Pushed in reverse so that the first field is looked at first.
      for (let i = children.length - 1; i >= 0; i -= 1) {
        const [key, item] = children[i];
        const child: Visit = { value: item, key, parent: visit };
        if (!isArray && UNSTORABLE.test(key)) return pathOf(child);
        pending.push(child);
      }
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

/**
 * Schema defaults without zod, for the workflow bundle. Every workflow gets
 * its own module cache in the SDK's reusable V8 context, so a zod import in
 * the bundle is evaluated again, with every schema built on it, for each
 * cached workflow (about 1.5 MiB and tens of ms each). The workflows need
 * only what `schema.parse` does to an already valid value: fill defaults,
 * drop unknown keys. A {@link DefaultsNode} tree, derived from the zod schema
 * (domain/defaults/derive.ts) and committed as a generated file, does that.
 */

/** One schema node: what parsing a valid value does to it. */
export type DefaultsNode =
  /** a leaf (string, number, enum…); `lit` for a literal, `is` the JavaScript type a plain union tells apart */
  | { k: 'leaf'; is?: 'string' | 'number' | 'boolean'; lit?: string | number | boolean }
  /** an object: its fields in schema order; unknown keys are dropped unless `keep` */
  | { k: 'object'; fields: Record<string, DefaultsNode>; keep?: boolean }
  | { k: 'array'; of: DefaultsNode }
  | { k: 'record'; of: DefaultsNode }
  /** absent (undefined) takes the value, as it stands (zod 4 does not parse a default) */
  | { k: 'default'; value: unknown; of: DefaultsNode }
  | { k: 'optional'; of: DefaultsNode }
  | { k: 'nullable'; of: DefaultsNode }
  /** a union: the option named by the discriminator's value, else the first that fits */
  | { k: 'union'; options: DefaultsNode[]; by?: string };

const clone = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a value can be of this node's shape: enough to pick a union's option. */
function fits(node: DefaultsNode, value: unknown): boolean {
  switch (node.k) {
    case 'leaf':
      if (node.lit !== undefined) return value === node.lit;
      return node.is === undefined || typeof value === node.is;
    case 'object':
      return isPlainObject(value) && Object.entries(node.fields).every(([key, field]) => field.k !== 'leaf' || field.lit === undefined || value[key] === field.lit);
    case 'array':
      return Array.isArray(value);
    case 'record':
      return isPlainObject(value);
    case 'default':
    case 'optional':
      return value === undefined || fits(node.of, value);
    case 'nullable':
      return value === null || fits(node.of, value);
    case 'union':
      return node.options.some((option) => fits(option, value));
  }
}

function pick(node: Extract<DefaultsNode, { k: 'union' }>, value: unknown): DefaultsNode | undefined {
  if (node.by !== undefined && isPlainObject(value)) {
    const tag = value[node.by];
    return node.options.find((option) => option.k === 'object' && option.fields[node.by!]?.k === 'leaf' && (option.fields[node.by!] as { lit?: unknown }).lit === tag);
  }
  return node.options.find((option) => fits(option, value));
}

/**
 * A valid value as `schema.parse` returns it: defaults filled in, unknown keys
 * of stripping objects dropped, a fresh copy. Values the tree does not
 * recognise are copied as they are: validation is the API's job, not this.
 */
export function applyDefaults(node: DefaultsNode, value: unknown): unknown {
  switch (node.k) {
    case 'leaf':
      return clone(value);
    case 'default':
      return value === undefined ? clone(node.value) : applyDefaults(node.of, value);
    case 'optional':
      return value === undefined ? undefined : applyDefaults(node.of, value);
    case 'nullable':
      return value === null ? null : applyDefaults(node.of, value);
    case 'array':
      return Array.isArray(value) ? value.map((item) => applyDefaults(node.of, item)) : clone(value);
    case 'record':
      return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, applyDefaults(node.of, item)])) : clone(value);
    case 'union': {
      const option = pick(node, value);
      return option ? applyDefaults(option, value) : clone(value);
    }
    case 'object': {
      if (!isPlainObject(value)) return clone(value);
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(node.fields)) {
        const parsed = applyDefaults(field, value[key]);
        // An optional key left out stays out, as zod leaves it.
        if (parsed !== undefined || key in value) out[key] = parsed;
      }
      if (node.keep) for (const [key, item] of Object.entries(value)) if (!(key in node.fields)) out[key] = clone(item);
      return out;
    }
  }
}

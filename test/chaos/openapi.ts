/** The operations of the live OpenAPI document, and fast-check arbitraries for their request bodies. */
import fc from 'fast-check';

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /campaigns/{id}/units/{unitId}. */
  path: string;
  params: string[];
  bodySchema?: JsonSchema;
  security: boolean;
}

export type JsonSchema = Record<string, any>;

export function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({ method, path, params, bodySchema, security: Boolean(op.security?.length) });
    }
  }
  return ops;
}

function resolve(schema: JsonSchema, doc: any): JsonSchema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i += 1) s = s.$ref.replace('#/', '').split('/').reduce((o: any, k: string) => o?.[k], doc);
  return s ?? {};
}

/** Values shaped like the schema (types, enums, required keys), with unicode edge cases in the strings. */
export function arbitraryFor(schema: JsonSchema, doc: any, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a: JsonSchema) => arbitraryFor(a, doc, depth + 1)));
  if (s.allOf) return arbitraryFor(Object.assign({}, ...s.allOf.map((a: JsonSchema) => resolve(a, doc))), doc, depth);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date' || /\\d\{4\}-/.test(s.pattern ?? '')) return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
      return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200) }), fc.string({ unit: 'grapheme', maxLength: 20 }), unicodeEdge);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryFor(s.items ?? {}, doc, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object':
    default: {
      const props: Record<string, JsonSchema> = s.properties ?? {};
      if (!Object.keys(props).length) return type === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) : fc.jsonValue({ maxDepth: 2 });
      const required = new Set<string>(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(props)) record[key] = arbitraryFor(value, doc, depth + 1);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
  }
}

/** Strings that break naive code: NUL, lone surrogates, RTL marks, combining marks, emoji, very long. */
export const unicodeEdge = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u202eb', 'e\u0301\u0301\u0301', '👨‍👩‍👧‍👦', '﷽', '\uffff', 'Ω'.repeat(5000), '%00', '../..', ' ', '', '創先爭優');

export function isObjectSchema(schema: JsonSchema | undefined, doc: any): boolean {
  const s = schema ? resolve(schema, doc) : undefined;
  return Boolean(s && (s.type === 'object' || s.properties) && !s.oneOf && !s.anyOf);
}

/**
 * Derives a {@link DefaultsNode} tree from a zod schema (the API side, where
 * zod lives). `npm run generate:defaults` writes the trees the workflows use;
 * test/unit/schema-defaults.test.ts fails when a schema changed and the
 * generated file did not.
 */
import type { z } from 'zod';
import type { DefaultsNode } from './tree';

const LEAVES = new Set(['string', 'number', 'boolean', 'bigint', 'enum', 'literal', 'null', 'undefined', 'unknown', 'any', 'date', 'nan', 'template_literal', 'int']);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export function deriveDefaults(schema: z.ZodType, where = '(root)'): DefaultsNode {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const fields: Record<string, DefaultsNode> = {};
      for (const [key, field] of Object.entries(def.shape!)) fields[key] = deriveDefaults(field, `${where}.${key}`);
      const catchall = def.catchall ? defOf(def.catchall).type : undefined;
      return catchall === 'unknown' || catchall === 'any' ? { k: 'object', fields, keep: true } : { k: 'object', fields };
    }
    case 'array':
      return { k: 'array', of: deriveDefaults(def.element!, `${where}[]`) };
    case 'record':
      return { k: 'record', of: deriveDefaults(def.valueType!, `${where}{}`) };
    case 'default':
      return { k: 'default', value: JSON.parse(JSON.stringify(def.defaultValue)), of: deriveDefaults(def.innerType!, where) };
    case 'optional':
      return { k: 'optional', of: deriveDefaults(def.innerType!, where) };
    case 'nullable':
      return { k: 'nullable', of: deriveDefaults(def.innerType!, where) };
    case 'union': {
      const options = def.options!.map((option, i) => deriveDefaults(option, `${where}|${i}`));
      return def.discriminator ? { k: 'union', options, by: def.discriminator } : { k: 'union', options };
    }
    case 'literal': {
      const [lit] = def.values as Array<string | number | boolean>;
      return { k: 'leaf', lit };
    }
    case 'enum':
    case 'string':
    case 'template_literal':
      return { k: 'leaf', is: 'string' };
    case 'number':
    case 'int':
      return { k: 'leaf', is: 'number' };
    case 'boolean':
      return { k: 'leaf', is: 'boolean' };
    default:
      if (LEAVES.has(def.type)) return { k: 'leaf' };
      // A transform, pipe or lazy schema changes values in ways a tree cannot say: teach this module, do not guess.
      throw new Error(`deriveDefaults: ${where} is a zod "${def.type}", which the defaults tree does not know`);
  }
}

/**
 * Writes the API's OpenAPI document to a file, from the same route
 * declarations the server uses (no server, no database connection: the pool
 * is never asked for a connection). The dashboard's client types are
 * generated from it (npm run web:build).
 *
 *   tsx scripts/write-openapi.ts web/.generated/openapi.json
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import pg from 'pg';
import { createStorage } from '../adapters/storage';
import { createApp } from '../api/app';

/**
 * zod-to-openapi writes a nullable reference as `allOf: [{$ref}, {type: [object, null]}]`,
 * which openapi-typescript turns into `X & (Record<string, never> | null)` (neither
 * nullable nor assignable); `anyOf: [{$ref}, {type: null}]` says the same thing plainly.
 */
export function nullableRefsAsAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsAsAnyOf);
  if (!node || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  const allOf = object.allOf as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(allOf) && allOf.length === 2 && typeof allOf[0].$ref === 'string' && JSON.stringify(allOf[1]) === '{"type":["object","null"]}') {
    const { allOf: _allOf, ...rest } = object;
    return { ...rest, anyOf: [allOf[0], { type: 'null' }] };
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, nullableRefsAsAnyOf(value)]));
}

const target = path.resolve(process.argv[2] ?? 'web/.generated/openapi.json');
const pool = new pg.Pool();
const app = createApp({ temporal: {} as Client, storage: createStorage(pool), taskQueue: 'openapi-only' });
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(nullableRefsAsAnyOf(app.openApiDocument), null, 2)}\n`);
void pool.end();
console.log(`[openapi] wrote ${path.relative(process.cwd(), target)}`);

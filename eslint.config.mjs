// Lint: typed rules where a mistake costs data or determinism, and the layers of the code.
// `npm run lint` (run by `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

/** `no-restricted-imports` patterns: what a layer must not import, with the reason shown. */
const forbid = (...groups) => ({ patterns: groups.map(([group, message]) => ({ group, message })) });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/', 'test-artifacts/', '.tools/', '.data/', 'coverage/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      // A promise nobody awaits loses its error: in an activity that is a lost ledger row.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Workflows are replayed: no I/O, no Node, no adapters, no wall clock or randomness (clock.ts is the one reader of time).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: 'workflows are deterministic: do I/O in an activity' })),
          ...forbid(
            [['**/adapters/**', 'pg', 'express', 'nodemailer'], 'workflows are deterministic: reach storage and channels through activities'],
            [['**/api/**'], 'workflows do not know the HTTP edge'],
          ),
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'read time through workflows/clock.ts (workflowNow)' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'use uuid4() from @temporalio/workflow, or a seed recorded in history' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'read time through workflows/clock.ts (workflowNow)' },
      ],
    },
  },
  { files: ['workflows/clock.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    // The API talks to workflows through their contracts only.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid([['**/workflows', '**/workflows/**'], 'the API imports the workflow contracts (contracts/), never workflows/'])],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        forbid(
          [['**/api', '**/api/**'], 'adapters serve the API and activities; they import neither'],
          [['**/workflows', '**/workflows/**'], 'adapters import the workflow contracts (contracts/), never workflows/'],
        ),
      ],
    },
  },
  {
    // Contracts are shared by the API, activities, storage and the workflow bundle: schemas and message definitions only.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: 'contracts are bundled into the workflows: no Node built-ins' })),
            {
              name: '@temporalio/workflow',
              allowImportNames: ['defineQuery', 'defineSignal', 'defineUpdate'],
              message: 'contracts take only defineQuery, defineSignal and defineUpdate from @temporalio/workflow',
            },
          ],
          ...forbid(
            [['**/adapters', '**/adapters/**', '**/api', '**/api/**', '**/activities', '**/activities/**', '**/workflows', '**/workflows/**', '**/worker/**', '**/config/**'], 'contracts import only domain/, zod and the define* of @temporalio/workflow'],
            [['@temporalio/*', '!@temporalio/workflow', 'pg', 'express', 'nodemailer', '@asteasolutions/*'], 'contracts import only domain/, zod and the define* of @temporalio/workflow'],
          ),
        },
      ],
    },
  },
  {
    // The admin CLI is a client of the REST API like any other: it reads the route schemas for their types only.
    files: ['cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api', '**/api/**'], allowTypeImports: true, message: 'the CLI talks to the API over HTTP: import the route schemas as types only (import type)' },
            { group: ['**/adapters', '**/adapters/**', '**/workflows', '**/workflows/**', '**/activities', '**/activities/**', '**/worker', '**/worker/**', '@temporalio/*', 'pg'], message: 'the CLI talks to the REST API only, never to storage or Temporal' },
          ],
        },
      ],
    },
  },
  {
    // Pure rules: nothing with I/O or Temporal.
    files: ['domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbid([['**/adapters/**', '**/api/**', '**/workflows/**', '**/activities/**', '**/contracts/**', '@temporalio/*', 'pg'], 'domain/ is pure rules'])] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

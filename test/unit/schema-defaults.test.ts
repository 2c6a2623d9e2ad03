/**
 * The zod-free defaults of the workflows (domain/defaults) against zod itself:
 * the same output as planSchema.parse for every template, for templates with
 * every defaulted field left out, and for every plan in the recorded histories.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { z } from 'zod';
import { deriveDefaults } from '../../domain/defaults/derive';
import { defaultCommitmentsPlan, withPlanDefaults } from '../../domain/defaults/plan';
import { applyDefaults, type DefaultsNode } from '../../domain/defaults/tree';
import { planSchema } from '../../domain/plan';
import { commitmentsPlanSchema } from '../../domain/plan-commitments';
import { TEMPLATES } from '../../domain/templates';
import { generatedDefaultsSource, GENERATED_PATH } from '../../scripts/generate-defaults';
import { HISTORIES_DIR } from '../replay/history-manifest';

/** Every field with a default left out, recursively: the plan as an office may write it. */
function withoutDefaults(node: DefaultsNode, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (node.k === 'default' || node.k === 'optional' || node.k === 'nullable') return withoutDefaults(node.of, value);
  if (node.k === 'array' && Array.isArray(value)) return value.map((item) => withoutDefaults(node.of, item));
  if (node.k === 'record') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutDefaults(node.of, v)]));
  if (node.k === 'union') return value;
  if (node.k !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const field = node.fields[key];
    // A field that holds its default may be left out; one that differs is kept, its own defaults left out.
    if (field?.k === 'default' && JSON.stringify(item) === JSON.stringify(field.value)) continue;
    out[key] = field ? withoutDefaults(field, item) : item;
  }
  return out;
}

/** The plans carried in the recorded histories' workflow inputs (unit, campaign, rectification…). */
function recordedPlans(): Array<[string, unknown]> {
  const plans: Array<[string, unknown]> = [];
  for (const file of fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.binpb'))) {
    const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
    const started = history.events[0]?.workflowExecutionStartedEventAttributes;
    for (const payload of started?.input?.payloads ?? []) {
      const input = defaultPayloadConverter.fromPayload<{ plan?: unknown }>(payload);
      if (input && typeof input === 'object' && input.plan) plans.push([file, input.plan]);
    }
  }
  return plans;
}

test('when the plan schema is derived again, then the generated defaults file is up to date (else: npm run generate:defaults)', () => {
  expect(fs.readFileSync(GENERATED_PATH, 'utf8')).toBe(generatedDefaultsSource());
});

test.each(Object.entries(TEMPLATES).map(([id, t]) => [id, t.plan] as const))('when template %s gets its defaults without zod, then it equals planSchema.parse', (_id, plan) => {
  expect(withPlanDefaults(plan)).toEqual(planSchema.parse(plan));
  const bare = withoutDefaults(deriveDefaults(planSchema), planSchema.parse(plan));
  expect(JSON.stringify(bare).length).toBeLessThan(JSON.stringify(planSchema.parse(plan)).length);
  expect(withPlanDefaults(bare)).toEqual(planSchema.parse(bare));
});

test('when the recorded histories carry plans, then each gets the same defaults as planSchema.parse', () => {
  const plans = recordedPlans();
  expect(plans.length).toBeGreaterThan(10);
  for (const [file, plan] of plans) expect([file, withPlanDefaults(plan)]).toEqual([file, planSchema.parse(plan)]);
});

test('when a plan sets no commitment rules, then the defaults are those of commitmentsPlanSchema', () => {
  expect(defaultCommitmentsPlan()).toEqual(commitmentsPlanSchema.parse({}));
});

test('when a value has unknown keys, a left-out optional key or a union, then the tree does what zod does', () => {
  const schema = z.object({
    a: z.string().default('x'),
    o: z.number().optional(),
    end: z.union([z.string(), z.object({ milestone: z.string(), offsetDays: z.number().default(-1) })]),
    due: z.discriminatedUnion('kind', [z.object({ kind: z.literal('date'), workingDays: z.boolean().default(false) }), z.object({ kind: z.literal('milestone'), id: z.string() })]),
    themes: z.record(z.string(), z.object({ zh: z.string(), n: z.number().default(3) })).default({}),
    loose: z.looseObject({ k: z.string().default('k') }),
  });
  const tree = deriveDefaults(schema);
  for (const value of [
    { end: '2026-01-01', due: { kind: 'date' }, loose: { extra: 1 }, unknown: true },
    { a: 'y', o: 2, end: { milestone: 'm', extra: 1 }, due: { kind: 'milestone', id: 'q' }, themes: { t: { zh: '主題' } }, loose: {} },
  ]) {
    expect(applyDefaults(tree, value)).toEqual(schema.parse(value));
    expect(Object.keys(applyDefaults(tree, value) as object)).toEqual(Object.keys(schema.parse(value)));
  }
});

test('when a schema has a transform, then deriving its defaults refuses it by path', () => {
  expect(() => deriveDefaults(z.object({ n: z.string().transform((s) => s.length) }))).toThrow(/\(root\)\.n is a zod "pipe"/);
});

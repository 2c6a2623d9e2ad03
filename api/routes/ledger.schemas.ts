/** The ledger (台帳): pages, CSV export, the hash-chain check. */
import { z } from '../zod';
import { instantSchema, unitIdSchema, wholeNumber } from './common.schemas';

export { campaignParams } from './common.schemas';

const KIND_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

/** `kind=a&kind=b`, `kind=a,b` or a mix. */
const kindListSchema = z.preprocess(
  (value) => {
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
  },
  z.array(z.string().regex(KIND_PATTERN, 'must be an event kind such as task.submitted')).max(50, 'at most 50 kinds').optional(),
);

export const ledgerQuery = z
  .object({
    unitId: unitIdSchema.optional(),
    kind: kindListSchema.openapi({ description: 'Repeat it (kind=a&kind=b) or give a comma list (kind=a,b).', param: { style: 'form', explode: true } }),
    from: instantSchema.optional().openapi({ description: 'Entries that occurred at or after this instant.' }),
    to: instantSchema.optional().openapi({ description: 'Entries that occurred before this instant.' }),
    afterSeq: wholeNumber(0).optional().openapi({ description: 'Continue after this sequence number (nextAfterSeq of the previous page).' }),
    limit: wholeNumber(1, 1000).default(100),
    format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json'),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from >= query.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after "from"' });
  });

export const ledgerEntrySchema = z
  .object({
    campaignId: z.string(),
    seq: z.number(),
    key: z.string(),
    unitId: z.string().nullable(),
    kind: z.string(),
    actor: z.string(),
    payload: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
    recordedAt: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('LedgerEntry');

export const ledgerPageSchema = z.object({
  entries: z.array(ledgerEntrySchema),
  nextAfterSeq: z.number().nullable().openapi({ description: 'Pass as afterSeq for the next page; null on the last page.' }),
});

export const chainVerificationSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }),
    brokenAt: z.object({ seq: z.number(), reason: z.string() }).optional(),
  })
  .openapi('ChainVerification');


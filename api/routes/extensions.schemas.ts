/** Extension requests (延期申請) and their decisions. */
import { z } from '../zod';
import { localDateParamSchema, nonEmptyText, todayOrLater } from './common.schemas';

export const extensionRequestBody = z
  .strictObject({
    proposedDate: localDateParamSchema.openapi({ description: 'The new deadline asked for: after the current one.' }),
    reason: nonEmptyText(2000, 'say why more time is needed; the ledger records it'),
  })
  .openapi('ExtensionRequest');

export const extensionDecisionBody = z
  .strictObject({
    grant: z.boolean({ error: (issue) => (issue.input === undefined ? 'is required: true grants, false refuses' : 'must be true or false') }),
    date: todayOrLater.optional().openapi({ description: 'When granting: the new deadline; the date the unit proposed when absent.' }),
    reason: z.string().trim().max(2000, 'must be at most 2,000 characters').optional().openapi({ description: 'Required when refusing.' }),
  })
  .superRefine((body, ctx) => {
    if (!body.grant && !body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal needs a reason the unit can act on' });
    if (!body.grant && body.date !== undefined) ctx.addIssue({ code: 'custom', path: ['date'], message: 'only a grant sets a new date' });
  })
  .openapi('ExtensionDecision');

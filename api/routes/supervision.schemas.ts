/** Supervision events: every method of the seeds (督促檢查), domain/labels.ts SUPERVISION_KINDS. */
import { notOpenedRectificationSchema, supervisionKinds, supervisionKindSchema, supervisionRecordSchema } from '../../contracts';
import { z } from '../zod';
import { bilingualTextSchema, nonEmptyText, retryKey, todayOrLater, unitIdSchema } from './common.schemas';
import { rectificationViewSchema } from './rectifications.schemas';

export { supervisionKinds };

export const supervisionEventBody = z
  .strictObject({
    eventId: retryKey('Makes a retried request the same event (recorded once); a random UUID when absent.'),
    kind: supervisionKindSchema.meta({ description: 'The method (督促檢查). "hearing" is the old name of hearing_reports (聽取匯報) and is still taken as it.' }),
    scheduledId: z.string().trim().min(1).max(300).optional().openapi({ description: 'The scheduled occurrence (GET /campaigns/:id/supervision-schedule) this event carries out; default: the earliest open one of its kind.' }),
    unitIds: z.array(unitIdSchema).min(1, 'name at least one unit').max(10_000, 'name at most 10,000 units, or give subtreeRootId').optional(),
    subtreeRootId: unitIdSchema.optional().openapi({ description: 'The started units of this subtree (its root included).' }),
    findings: nonEmptyText(10_000, 'record the findings'),
    sampleSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10,000').optional(),
    seed: z.string().trim().min(1).max(200).optional().openapi({ description: 'Spot checks: the seed of an earlier draw, to repeat it.' }),
    rectifications: z
      .array(z.strictObject({ unitId: unitIdSchema, description: nonEmptyText(4000, 'say what must be rectified'), dueDate: todayOrLater.optional() }))
      .max(200, 'at most 200 rectifications per event')
      .default([]),
  })
  .superRefine((body, ctx) => {
    if (body.unitIds !== undefined && body.subtreeRootId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subtreeRootId'], message: 'give "unitIds" or "subtreeRootId", not both' });
    }
    if (body.kind === 'spot_check') {
      if (body.sampleSize === undefined) ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'a spot check (隨機抽查) needs a sampleSize' });
    } else {
      if (body.unitIds === undefined && body.subtreeRootId === undefined) {
        ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'name the units the event concerns: "unitIds" or "subtreeRootId"' });
      }
      if (body.sampleSize !== undefined) ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'only a spot check draws a sample' });
      if (body.seed !== undefined) ctx.addIssue({ code: 'custom', path: ['seed'], message: 'only a spot check has a seed' });
    }
  })
  .openapi('SupervisionEvent');

/** The event as the campaign workflow records it (contracts: SupervisionRecord), with its label and findings. */
export const supervisionReplySchema = z.object({
  event: supervisionRecordSchema.extend({ kindLabel: bilingualTextSchema, findings: z.string() }).openapi('SupervisionRecord'),
  rectifications: z.array(rectificationViewSchema),
  notOpened: z.array(notOpenedRectificationSchema).openapi({ description: 'Spot checks: rectifications for units the draw did not pick.' }),
});

/** The unit-tree browser (單位樹): one parent's children a page at a time, with the campaign's lights. */
import { z } from '../zod';
import { bilingualTextSchema, lightSchema, rungSchema, unitIdSchema, wholeNumber } from './common.schemas';

export const unitTreeQuery = z.object({
  parentId: unitIdSchema
    .optional()
    .openapi({ description: "The unit whose children to list; absent: the caller's top units (the roots for the office, the supervised units for a supervisor, its own unit for a unit user)." }),
  afterUnitId: unitIdSchema.optional().openapi({ description: 'Continue after this unit id (nextAfterUnitId of the previous page): children come in id order.' }),
  limit: wholeNumber(1, 500).default(100),
});

const countsSchema = z.object({ units: z.number(), green: z.number(), yellow: z.number(), red: z.number() });

export const unitTreeReplySchema = z
  .object({
    campaignId: z.string(),
    parentId: z.string().nullable(),
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        type: z.string(),
        typeLabel: bilingualTextSchema.nullable(),
        hasChildren: z.boolean().openapi({ description: 'Whether the unit has children the caller may open (false for a unit user: the units below it are not its own).' }),
        started: z.boolean().openapi({ description: 'Whether the campaign runs for this unit (a row in the read model).' }),
        phaseId: z.string().nullable(),
        status: z.string().nullable(),
        rung: rungSchema.nullable(),
        rungLabel: bilingualTextSchema.nullable(),
        light: lightSchema.nullable().openapi({ description: "The unit's own light (亮燈); null when not started." }),
        lightLabel: bilingualTextSchema.nullable(),
        overdueCount: z.number(),
        subtree: countsSchema.openapi({ description: 'The started units of its subtree (itself included), by light; for a unit user its own unit only.' }),
      }),
    ),
    nextAfterUnitId: z.string().nullable().openapi({ description: 'Pass as afterUnitId for the next page; null on the last page.' }),
  })
  .openapi('UnitTreePage');

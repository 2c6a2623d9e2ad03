/** Classifications (三分類). */
import { classificationGradeSchema, classificationViewSchema } from '../../contracts';
import { z } from '../zod';
import { nonEmptyText } from './common.schemas';
import { rectificationDraftBody, rectificationViewSchema } from './rectifications.schemas';

export { classificationGradeSchema, classificationViewSchema };

export const classifyUnitBody = z
  .strictObject({
    round: z
      .string()
      .regex(/^[0-9a-z][0-9a-z_-]{0,39}$/, 'a round is 1 to 40 lower-case letters, digits, "-" or "_", for example 2011')
      .openapi({ description: 'The classification round, usually the year assessed.', example: '2011' }),
    grade: classificationGradeSchema.optional().openapi({ description: 'Default: the grade proposed by the latest closed scoring round for this round (issue 13). Required when no score proposes one.' }),
    overrideReason: nonEmptyText(2000, 'say why the grade differs from the proposed one')
      .optional()
      .openapi({ description: 'Required when the grade differs from the one the score proposes (an override); recorded in the ledger with it.' }),
    basis: nonEmptyText(4000, 'say what the grade rests on (scores, 民主測評, the assessment)'),
    rectification: rectificationDraftBody
      .partial({ description: true })
      .optional()
      .openapi({ description: 'Lagging units only: the rectification item (整頓轉化後進) opened with the grade; its description defaults to one built from the basis.' }),
  })
  .openapi('ClassifyUnit');

export const classifyUnitReplySchema = z.object({
  classification: classificationViewSchema,
  rectification: rectificationViewSchema.nullable().openapi({ description: 'The item opened for a lagging unit (id lagging-<round>), or null.' }),
});

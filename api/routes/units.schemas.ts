/** The unit tree (黨組織樹): import, a unit, a subtree page. */
import { z } from '../zod';
import { domainDocument, unitIdSchema, wholeNumber } from './common.schemas';

export const unitParams = z.object({ id: unitIdSchema });

export const subtreeQuery = z.object({
  afterId: unitIdSchema.optional().openapi({ description: 'Continue after this unit (nextAfterId of the previous page).' }),
  limit: wholeNumber(1, 1000).default(100),
});

export const unitRecordSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable().openapi({ description: 'null for a root, and for the top unit a supervisor or unit user may see (its parent is not theirs)' }),
    name: z.string(),
    type: z.string(),
    secretary: z
      .object({ name: z.string(), email: z.string().optional(), phone: z.string().optional() })
      .openapi({ description: "The secretary (書記) and their contact details: shown only to the office, the unit's supervisors and the unit itself." }),
    path: z.string().openapi({ description: 'the ids from the top unit the caller may see down to this one, e.g. /committee/committee-b1/' }),
    depth: z.number(),
    supervisors: z.array(z.string()),
    tags: z.array(z.string()).openapi({ description: "Tags for themes across unit types (分類指導), e.g. ethnic_religious_area; a plan's tagThemes give their themes." }),
  })
  .openapi('Unit');

export const subtreePageSchema = z.object({ units: z.array(unitRecordSchema), nextAfterId: z.string().nullable() });

const unitImportRow = domainDocument('UnitRow', 'One unit: id, parentId (null for a root), Chinese name, type, secretary, supervisors.');

export const unitImportBody = z.union([z.array(unitImportRow), z.object({ units: z.array(unitImportRow) })]);
export const unitImportCsvBody = z
  .string()
  .openapi({ description: 'CSV with the header id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors (supervisors separated by ";"), and optionally tags (separated by ";").' });

export const importReplySchema = z.object({ units: z.number(), supervisors: z.number() });


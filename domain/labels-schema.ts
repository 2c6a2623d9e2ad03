/** The zod schemas of the vocabulary in ./labels.ts (kept apart: the workflows use the labels, not zod). */
import { z } from 'zod';
import { RUNGS, UNIT_TYPES, type Bilingual, type Rung, type UnitType } from './labels';

export const bilingualSchema = z.object({
  zh: z.string().min(1, 'the Chinese text is required'),
  en: z.string().min(1, 'the English text is required'),
}) satisfies z.ZodType<Bilingual>;

export const unitTypeSchema = z.enum(Object.keys(UNIT_TYPES) as [UnitType, ...UnitType[]], {
  error: () => `must be one of: ${Object.keys(UNIT_TYPES).join(', ')}`,
});

export const rungSchema = z.enum(Object.keys(RUNGS) as [Rung, ...Rung[]]);

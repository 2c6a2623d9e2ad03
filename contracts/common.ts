/**
 * Pieces every contract shares: bilingual labels, who-and-when stamps,
 * evidence, and the enumerations of the domain as zod schemas.
 *
 * Contracts are plain zod (no OpenAPI extension: they are bundled into the
 * workflows too). Descriptions the API document shows are given with
 * `.meta()`, which the OpenAPI generator reads; the API names the components
 * (api/zod.ts: documentAs).
 */
import { z } from 'zod';
import { LIGHTS, type Light } from '../domain/labels';
import type { HolidayCalendarData, HolidayYear } from '../domain/holidays/working-days';
import { bilingualSchema } from '../domain/labels-schema';
import {
  CLASSIFICATION_GRADES,
  RECTIFICATION_STATUSES,
  RUNGS,
  TASK_STATUSES,
  UNIT_TYPES,
  type ClassificationGrade,
  type RectificationStatus,
  type Rung,
  type TaskStatus,
  type UnitType,
} from '../domain/labels';
import { REVIEW_RATINGS, type ReviewRating } from '../domain/reviews';

const keysOf = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];

/** A label in Chinese and English. */
export const bilingualTextSchema = bilingualSchema.meta({ description: 'A label in Chinese and English.' });

/** A local date (Asia/Shanghai), `YYYY-MM-DD`; checked where it enters (the API), not in replies. */
export const localDateSchema = z.string();
/** An ISO instant (workflow time). */
export const instantStringSchema = z.string();

/** Who did something, and when (ISO instant, workflow time). */
export const stampSchema = z.object({ by: z.string(), at: instantStringSchema });
export type Stamp = z.infer<typeof stampSchema>;

export const evidenceSchema = z.object({ text: z.string(), links: z.array(z.string()) });
export type Evidence = z.infer<typeof evidenceSchema>;

export const rungSchema = z
  .enum(keysOf<Rung>(RUNGS))
  .meta({ description: 'The escalation rung (提醒 → 黃牌預警 → 掛牌督辦 → 通報批評 → 問責).' });
export const lightSchema = z
  .enum(keysOf<Light>(LIGHTS))
  .meta({ description: 'The traffic light (亮燈): green on track, yellow reminded or warned, red listed supervision or worse.' });

export const taskStatusSchema = z.enum(keysOf<TaskStatus>(TASK_STATUSES));
export const unitTypeSchema = z.enum(keysOf<UnitType>(UNIT_TYPES));
export const rectificationStatusSchema = z.enum(keysOf<RectificationStatus>(RECTIFICATION_STATUSES));

const ratings = keysOf<ReviewRating>(REVIEW_RATINGS);
export const reviewRatingSchema = z
  .enum(ratings, { error: () => `must be one of: ${ratings.join(', ')} (${ratings.map((r) => REVIEW_RATINGS[r].zh).join('、')})` })
  .meta({ description: 'excellent 好, good 較好, fair 一般, poor 差.' });

const grades = keysOf<ClassificationGrade>(CLASSIFICATION_GRADES);
export const classificationGradeSchema = z
  .enum(grades, { error: () => `must be one of: ${grades.join(', ')} (${grades.map((g) => CLASSIFICATION_GRADES[g].zh).join('、')})` })
  .meta({ description: 'advanced 先進, average 一般, lagging 後進 (三分類).' });

/** Milestone dates and deadline overrides: id → local date. */
export const localDatesByIdSchema = z.record(z.string(), localDateSchema);

/** The holiday calendar as workflows carry it (its shape and its checks: domain/holidays/working-days). */
export const holidayCalendarDataSchema = z.custom<HolidayCalendarData>((value) => typeof value === 'object' && value !== null);
/** One year of it, as the State Council notice gives it. */
export const holidayYearDataSchema = z.custom<HolidayYear>((value) => typeof value === 'object' && value !== null);

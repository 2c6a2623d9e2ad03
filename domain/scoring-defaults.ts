/**
 * The grade thresholds a plan gets when it names none (三分類: 先進 from 85 %,
 * 一般 from 60 %). Apart from plan-scoring.ts (the zod schemas) so that the
 * scoring workflow can use them without bundling zod.
 */
import type { GradeThresholds } from './plan-scoring';

export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { advancedFromPercent: 85, averageFromPercent: 60 };

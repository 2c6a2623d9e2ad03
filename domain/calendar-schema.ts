/** The zod schema of a plan's local date (zod stays out of domain/calendar.ts, which the workflows use). */
import { z } from 'zod';
import { isValidLocalDate } from './calendar';

export const localDateSchema = z
  .string()
  .refine(isValidLocalDate, { message: 'must be a calendar date written YYYY-MM-DD' });

/** Health and the seed templates. */
import { TEMPLATES, type TemplateId } from '../../domain/templates';
import { z } from '../zod';
import { bilingualTextSchema } from './common.schemas';

const templateIds = Object.keys(TEMPLATES) as [TemplateId, ...TemplateId[]];

export const templateIdParams = z.object({ id: z.string().min(1).openapi({ example: 'seed-003-bureau' }) });

export const templateSummarySchema = z.object({ id: z.enum(templateIds), title: bilingualTextSchema }).openapi('TemplateSummary');

export const livenessSchema = z.object({ status: z.literal('ok') }).openapi('Liveness');

export const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), temporal: z.enum(['up', 'down']), postgres: z.enum(['up', 'down']) })
  .openapi('Readiness');

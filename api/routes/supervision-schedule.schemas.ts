/** Contact points (聯繫點), the supervision schedule, and criticism of poor effort (不重視、不得力、少創新). */
import { contactPointSchema, firstResponsibleViewSchema, poorEffortGroundSchema, supervisionObligationSchema } from '../../contracts';
import { z } from '../zod';
import { bilingualTextSchema, evidenceBodySchema, nonEmptyText, retryKey, todayOrLater, unitIdSchema } from './common.schemas';
import { rectificationViewSchema } from './rectifications.schemas';

export const designateContactPointsBody = z
  .strictObject({
    unitIds: z.array(unitIdSchema).min(1, 'name at least one unit').max(200, 'at most 200 contact points at once'),
    leaderId: z.string().trim().min(1).max(200).optional().openapi({ description: 'The leader whose contact points these are: a supervisor designates for themselves (default); the office names the leader.' }),
  })
  .openapi('DesignateContactPoints');

export const contactPointsReplySchema = z
  .object({ leaderId: z.string(), contactPoints: z.array(contactPointSchema), added: z.array(z.string()).openapi({ description: 'Units newly designated; the rest were already.' }) })
  .openapi('ContactPoints');

export const supervisionScheduleReplySchema = z
  .object({
    contactPoints: z.array(contactPointSchema),
    obligations: z.array(supervisionObligationSchema.extend({ kindLabel: bilingualTextSchema, rungLabel: bilingualTextSchema.nullable() })),
  })
  .openapi('SupervisionSchedule');

export const criticismBody = z
  .strictObject({
    criticismId: retryKey('Makes a retried request the same criticism (recorded once); a random UUID when absent.'),
    grounds: z.array(poorEffortGroundSchema).min(1, 'name at least one ground: not_serious (不重視), not_effective (不得力), little_innovation (少創新)'),
    reason: nonEmptyText(4000, 'say why the unit is criticised: the reason goes in the ledger'),
    evidence: evidenceBodySchema.optional(),
    dueDate: todayOrLater.optional().openapi({ description: "限期整改: the rectification's deadline; default today plus the plan's rectification.defaultDays." }),
  })
  .openapi('Criticism');

export const criticismReplySchema = z
  .object({ criticismId: z.string(), unitId: z.string(), groundsLabels: z.array(bilingualTextSchema), rectification: rectificationViewSchema })
  .openapi('CriticismRecorded');

export const nameFirstResponsibleBody = z
  .strictObject({
    changeId: retryKey('Makes a retried request the same change (recorded once); a random UUID when absent.'),
    name: nonEmptyText(200, 'name the first responsible person (第一責任人)'),
    email: z.email('must be an e-mail address').optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a phone number').optional(),
    reason: nonEmptyText(2000, 'say why the first responsible person changes: the ledger records it'),
  })
  .openapi('NameFirstResponsible');

export const firstResponsibleReplySchema = z.object({ unitId: z.string(), firstResponsible: firstResponsibleViewSchema });

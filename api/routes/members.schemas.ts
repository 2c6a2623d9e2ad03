/** Members (黨員): import, a unit's members, one member. */
import { MEMBER_RELATIONS, MEMBER_ROLES } from '../../domain/labels';
import { memberIdSchema } from '../../domain/members';
import { z } from '../zod';
import { domainDocument, unitIdSchema } from './common.schemas';

export const memberParams = z.object({ memberId: memberIdSchema });
export const unitMembersParams = z.object({ id: unitIdSchema });

const memberImportRow = domainDocument('MemberRow', 'One member: id, unitId (optional when importing for one unit), name, role, floating, inflowUnitId, outflowUnitId.');
export const memberImportBody = z.union([z.array(memberImportRow), z.object({ members: z.array(memberImportRow) })]);
export const memberImportCsvBody = z.string().openapi({
  description: 'CSV with the header id,unit_id,name,role,floating,inflow_unit_id,outflow_unit_id (unit_id may be left out when importing for one unit; the floating columns when nobody floats).',
});
export const memberImportReplySchema = z.object({ members: z.number().openapi({ description: 'how many members were imported' }) });

const roleKeys = Object.keys(MEMBER_ROLES) as [keyof typeof MEMBER_ROLES, ...Array<keyof typeof MEMBER_ROLES>];
export const memberRecordSchema = z
  .object({
    id: z.string(),
    unitId: z.string().openapi({ description: "the unit that runs the member's campaign (for a floating member, the inflow unit)" }),
    name: z.string(),
    role: z.enum(roleKeys),
    roleLabel: z.object({ zh: z.string(), en: z.string() }),
    floating: z.boolean().openapi({ description: '流動黨員' }),
    outflowUnitId: z.string().nullable().openapi({ description: 'the unit a floating member flowed out of (it may read the member); null otherwise' }),
  })
  .openapi('Member');

const relationKeys = Object.keys(MEMBER_RELATIONS) as [keyof typeof MEMBER_RELATIONS, ...Array<keyof typeof MEMBER_RELATIONS>];
export const unitMembersReplySchema = z.object({
  unitId: z.string(),
  members: z.array(
    memberRecordSchema.extend({
      relation: z.enum(relationKeys).openapi({ description: "own: the unit runs the member's campaign; outflow: a floating member who flowed out of the unit (read only)" }),
    }),
  ),
});

/** Members (黨員): a unit user imports its own, the office anyone's; supervisors read their subtree's. */
import { AppError, ErrorType } from '../../domain/errors';
import { MEMBER_ROLES } from '../../domain/labels';
import { InvalidMemberFileError, parseMembersCsv, parseMembersJson, sortedProblems, type Member, type MemberFile, type ParseMembersOptions } from '../../domain/members';
import { InvalidInputError } from '../../domain/validation';
import type { AuthUser } from '../auth';
import type { ApiContext } from '../context';
import type { Request } from 'express';
import { errorResponseSchema } from './common.schemas';
import {
  memberImportBody,
  memberImportCsvBody,
  memberImportReplySchema,
  memberParams,
  memberRecordSchema,
  unitMembersParams,
  unitMembersReplySchema,
} from './members.schemas';

const CSV_TYPES = ['text/csv', 'application/csv'];
const UNSUPPORTED = {
  status: 415 as const,
  body: { error: 'UnsupportedMediaType', message: 'send the members as JSON (Content-Type: application/json) or CSV (Content-Type: text/csv)' },
};

/**
 * The member file of a request, or null when it is neither JSON nor CSV. When
 * the file has problems, those only the database knows (ids that exist, unknown
 * units) of its other rows are added, so that one answer names them all.
 */
async function parseMemberFile(ctx: ApiContext, req: Request, options: ParseMembersOptions): Promise<MemberFile | null> {
  try {
    if (CSV_TYPES.some((type) => req.is(type))) return parseMembersCsv(typeof req.body === 'string' ? req.body : '', options);
    if (req.is('application/json')) return parseMembersJson(req.body, options);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidMemberFileError)) throw error;
    const more = await ctx.storage.members.problemsOf(error.validMembers);
    if (more.length === 0) throw error;
    throw new InvalidInputError(error.what, sortedProblems([...error.rowProblems, ...more]));
  }
}

export const memberView = (member: Member) => ({ ...member, roleLabel: MEMBER_ROLES[member.role] });

/** The member's 404, word for word the same whether the member exists or not. */
export const noSuchMember = (memberId: string) =>
  new AppError(ErrorType.NotFound, `there is no member "${memberId}" among the members you may see; check the id, or ask the unit that runs the member's campaign`);

/** The member, if the caller may see its unit or (floating member) its outflow unit; otherwise 404. */
export async function requireMemberVisible(ctx: ApiContext, user: AuthUser, memberId: string): Promise<Member> {
  const member = await ctx.storage.members.memberById(memberId);
  if (!member) throw noSuchMember(memberId);
  if (await ctx.access.canSeeUnit(user, member.unitId)) return member;
  if (member.outflowUnitId && (await ctx.access.canSeeUnit(user, member.outflowUnitId))) return member;
  throw noSuchMember(memberId);
}

export function registerMemberRoutes(ctx: ApiContext): void {
  const { routes, access } = ctx;
  const importResponses = {
    201: { description: 'how many members were imported', schema: memberImportReplySchema },
    415: { description: 'the body is neither JSON nor CSV (UnsupportedMediaType)', schema: errorResponseSchema },
  };

  routes.add({
    method: 'post',
    path: '/members/import',
    tag: 'members',
    summary: 'Import members of any units (the campaign office): a JSON list of rows, or a CSV file',
    description: 'All or nothing: every problem is listed with its row (`rows.<n>…`) and nothing is imported. Every row names its unit (`unitId`).',
    access: ['admin'],
    body: memberImportBody,
    extraBodyTypes: Object.fromEntries(CSV_TYPES.map((type) => [type, memberImportCsvBody])),
    bodyLimit: '100mb',
    bodyValidatedBy: 'handler',
    responses: importResponses,
    handler: async ({ req }) => {
      const file = await parseMemberFile(ctx, req, {});
      if (!file) return UNSUPPORTED;
      return { status: 201, body: await ctx.storage.members.importMembers(file) };
    },
  });

  routes.add({
    method: 'post',
    path: '/units/:id/members/import',
    tag: 'members',
    summary: "Import a unit's members: a JSON list of rows, or a CSV file",
    description:
      'The unit itself or the campaign office. All or nothing: every problem is listed with its row and nothing is imported. ' +
      'A row may leave `unitId` out; a row of another unit is refused. A floating member (流動黨員) is imported by its inflow unit, naming its outflow unit.',
    access: ['admin', 'unit'],
    params: unitMembersParams,
    body: memberImportBody,
    extraBodyTypes: Object.fromEntries(CSV_TYPES.map((type) => [type, memberImportCsvBody])),
    bodyLimit: '10mb',
    bodyValidatedBy: 'handler',
    responses: importResponses,
    handler: async ({ req, params, user }) => {
      await access.requireUnitVisible(user, params.id);
      const file = await parseMemberFile(ctx, req, { forUnitId: params.id });
      if (!file) return UNSUPPORTED;
      return { status: 201, body: await ctx.storage.members.importMembers(file) };
    },
  });

  routes.add({
    method: 'get',
    path: '/units/:id/members',
    tag: 'members',
    summary: "A unit's members, and the floating members who flowed out of it",
    description: 'The campaign office, a supervisor of the unit, or the unit itself; for anyone else 404, as for a unit that does not exist.',
    access: 'authenticated',
    params: unitMembersParams,
    responses: { 200: { description: "the unit's members", schema: unitMembersReplySchema } },
    handler: async ({ params, user }) => {
      const unit = await access.requireUnitVisible(user, params.id);
      const members = await ctx.storage.members.listForUnit(unit.id);
      return { status: 200, body: { unitId: unit.id, members: members.map((m) => ({ ...memberView(m), relation: m.relation })) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/members/:memberId',
    tag: 'members',
    summary: 'A member',
    description: 'Whoever may see the unit that runs the member, or (floating member) the unit the member flowed out of; for anyone else 404, as for a member that does not exist.',
    access: 'authenticated',
    params: memberParams,
    responses: { 200: { description: 'the member', schema: memberRecordSchema } },
    handler: async ({ params, user }) => ({ status: 200, body: memberView(await requireMemberVisible(ctx, user, params.memberId)) }),
  });
}

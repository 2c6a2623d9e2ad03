/**
 * The holiday calendar (statutory holidays and 調休) that working-day deadlines
 * count with: read the calendar in force; the campaign office adds or corrects
 * a year, and every campaign is moved to the new version so that running
 * deadlines are recomputed.
 */
import { holidayYearSchema, mergeYear } from '../../domain/holidays/holiday-year';
import {
  WORKFLOW_TYPES,
  holidayCalendarBroadcastWorkflowId,
  type HolidayCalendarBroadcastInput,
  type HolidayCalendarBroadcastResult,
} from '../../contracts';
import type { ApiContext } from '../context';
import { RequestValidationError } from '../errors';
import { z } from '../zod';
import { previewHolidayYear } from './campaign-previews';
import { dryRunQuery } from './campaigns.schemas';
import { holidayCalendarSchema, holidayYearBody, holidayYearParams, holidayYearPreviewSchema, holidayYearReplySchema } from './holidays.schemas';


export function registerHolidayRoutes(ctx: ApiContext): void {
  const { routes, temporal } = ctx;

  routes.add({
    method: 'get',
    path: '/holiday-calendar',
    tag: 'holidays',
    summary: 'The holiday calendar in force: China\'s official calendar as shipped, plus the years the office added',
    description:
      'Each year lists its holidays (every day off) and its swapped working weekend days (調休上班), with the notices they come from. Every signed-in user may read it: working-day deadlines count with it, and it carries no unit data.',
    access: 'authenticated',
    responses: { 200: { description: 'the calendar', schema: holidayCalendarSchema } },
    handler: async () => {
      const { calendar, shippedVersion, officeYears } = await ctx.storage.holidays.inForce();
      return { status: 200, body: { version: calendar.version, source: calendar.source, shippedVersion, officeYears, years: calendar.years } };
    },
  });

  routes.add({
    method: 'put',
    path: '/holiday-calendar/years/:year',
    tag: 'holidays',
    summary: 'Add or correct one year of the holiday calendar; every campaign recomputes its working-day deadlines',
    description:
      'The body is the year as the State Council notice gives it (国务院办公厅关于部分节假日安排的通知): every day off of each holiday, and the weekend days worked instead. A new calendar version is stored and sent to every campaign (its ledger records the change); units follow at once. Sending the same year again stores nothing new and moves only campaigns that are not on the version in force yet, so a PUT can be retried. With dryRun=true (影響預覽) the body is checked the same way, and the answer says which working-day deadlines would move in which campaigns and units, what would go out at once and which campaigns would refuse the calendar; nothing is stored or sent.',
    access: ['admin'],
    params: holidayYearParams,
    query: dryRunQuery,
    body: holidayYearBody,
    responses: {
      200: {
        description:
          'the version in force and the campaigns moved to it; with dryRun=true (checked exactly as without), per campaign the working-day deadlines that would move and on which units, the rungs and notices that would go out at once, and the campaigns that would refuse it and why, with nothing stored or sent',
        schema: z.union([holidayYearReplySchema, holidayYearPreviewSchema]),
      },
    },
    handler: async ({ params, query, body, user }) => {
      const { reason, year: bodyYear, ...yearData } = body;
      if (bodyYear !== undefined && bodyYear !== params.year) {
        throw new RequestValidationError('body', [{ path: 'year', message: `is ${bodyYear} but the path says ${params.year}; leave it out or make them agree` }]);
      }
      // The cross-field rules (dates in the year, weekends only, no day both off and worked).
      const checked = holidayYearSchema.safeParse({ ...yearData, year: params.year });
      if (!checked.success) throw new RequestValidationError('body', checked.error);
      const why = reason ?? `活動領導小組辦公室更新${params.year}年節假日安排 (the campaign office set the ${params.year} holiday calendar)`;
      // The version this year makes (the one in force when it is already so): the broadcast's key, so
      // that a retried PUT waits for the same broadcast, and one sent after it finished runs again and
      // finds every campaign current. mergeYear also refuses a year that does not fit (400).
      const { calendar: inForce } = await ctx.storage.holidays.inForce();
      const merged = mergeYear(inForce, params.year, yearData);
      if (query.dryRun) return { status: 200, body: { dryRun: true, year: params.year, ...(await previewHolidayYear(ctx, inForce, merged)) } };
      const version = merged.version;
      const input: HolidayCalendarBroadcastInput = { year: params.year, data: yearData, actor: user.id, reason: why };
      // One call: the workflow stores the year and tells every campaign, resuming after any crash.
      const broadcast = await temporal.workflow.start(WORKFLOW_TYPES.holidayCalendarBroadcast, {
        workflowId: holidayCalendarBroadcastWorkflowId(version),
        taskQueue: ctx.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const result: HolidayCalendarBroadcastResult = await broadcast.result();
      return { status: 200, body: result };
    },
  });
}

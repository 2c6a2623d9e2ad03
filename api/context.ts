/** What every route module gets: the Temporal client, the storage (read side, and the few transactions the API still opens) and the access rules. */
import type { ReportFont } from './exports/summary-report-pdf';
import type { Client } from '@temporalio/client';
import type { Storage } from '../adapters/storage';
import type { CampaignRecord } from '../adapters/storage/campaigns';
import type { UnitRecord } from '../adapters/storage/units-repository';
import { AppError, ErrorType } from '../domain/errors';
import type { NotifyChannel } from '../domain/notifications';
import { noSuchUnit, type Access } from './auth';
import type { ApiLogger } from './errors';
import type { ApiRoutes } from './route';

/** Sends one test notice through a channel to an address; says what went wrong without revealing a secret. */
export type ChannelTest = (channel: NotifyChannel, address: string) => Promise<{ delivered: boolean; problem: string | null }>;

export interface ApiContext {
  temporal: Client;
  /** Every repository, built once (adapters/storage: createStorage). The API never enqueues notifications itself. */
  storage: Storage;
  taskQueue: string;
  checkTemporal: () => Promise<boolean>;
  access: Access;
  routes: ApiRoutes;
  logger: ApiLogger;
  testChannel?: ChannelTest;
  /** The largest tree POST /plans/simulate takes (SIMULATION_MAX_UNITS). */
  simulationMaxUnits?: number;
  /** The CJK font of the PDF summary report (REPORT_CJK_FONT, REPORT_CJK_FONT_FACE); Debian's fonts-noto-cjk when absent. */
  reportFont?: ReportFont;
}

export async function requireCampaign(ctx: ApiContext, id: string): Promise<CampaignRecord> {
  const campaign = await ctx.storage.campaigns.get(id);
  if (!campaign) throw new AppError(ErrorType.NotFound, `there is no campaign "${id}"; GET /campaigns lists them, POST /campaigns defines one`);
  return campaign;
}

/** The unit, or 404: for the office's routes only; scoped routes use `access.requireUnitVisible` and its kin. */
export async function requireUnit(ctx: ApiContext, id: string): Promise<UnitRecord> {
  const unit = await ctx.storage.units.get(id);
  if (!unit) throw noSuchUnit(id);
  return unit;
}

export async function requireStarted(ctx: ApiContext, campaignId: string, unitId: string): Promise<void> {
  if (!(await ctx.storage.campaignUnits.isStarted(campaignId, unitId))) {
    throw new AppError(
      ErrorType.NotFound,
      `unit "${unitId}" has not been started in campaign "${campaignId}"; the campaign office starts it with POST /campaigns/${campaignId}/starts`,
    );
  }
}

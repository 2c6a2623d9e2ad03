/** What every route module gets: the Temporal client, the storage read side and the access rules. */
import type { Client } from '@temporalio/client';
import type { CampaignRecord, CampaignsRepository } from '../adapters/storage/campaigns-repository';
import type { Pool } from '../adapters/storage/database';
import type { HolidaysRepository } from '../adapters/storage/holidays-repository';
import type { Ledger } from '../adapters/storage/ledger';
import type { Outbox } from '../adapters/storage/outbox';
import type { UnitRecord, UnitsRepository } from '../adapters/storage/units-repository';
import type { UsersRepository } from '../adapters/storage/users-repository';
import { AppError, ErrorType } from '../domain/errors';
import { noSuchUnit, type Access } from './auth';
import type { ApiLogger } from './errors';
import type { ApiRoutes } from './route';

export interface ApiContext {
  temporal: Client;
  pool: Pool;
  taskQueue: string;
  checkTemporal: () => Promise<boolean>;
  users: UsersRepository;
  units: UnitsRepository;
  campaigns: CampaignsRepository;
  ledger: Ledger;
  /** The holiday calendar in force (shipped data plus the office's years). */
  holidays: HolidaysRepository;
  /** Notification routes (who is reached how); the API never enqueues messages itself. */
  outbox: Outbox;
  access: Access;
  routes: ApiRoutes;
  logger: ApiLogger;
}

export async function requireCampaign(ctx: ApiContext, id: string): Promise<CampaignRecord> {
  const campaign = await ctx.campaigns.get(id);
  if (!campaign) throw new AppError(ErrorType.NotFound, `there is no campaign "${id}"; GET /campaigns lists them, POST /campaigns defines one`);
  return campaign;
}

/** The unit, or 404: for the office's routes only; scoped routes use `access.requireUnitVisible` and its kin. */
export async function requireUnit(ctx: ApiContext, id: string): Promise<UnitRecord> {
  const unit = await ctx.units.get(id);
  if (!unit) throw noSuchUnit(id);
  return unit;
}

export async function requireStarted(ctx: ApiContext, campaignId: string, unitId: string): Promise<void> {
  if (!(await ctx.campaigns.isStarted(campaignId, unitId))) {
    throw new AppError(
      ErrorType.NotFound,
      `unit "${unitId}" has not been started in campaign "${campaignId}"; the campaign office starts it with POST /campaigns/${campaignId}/starts`,
    );
  }
}

/**
 * The storage side of the service, built once from a pool: one repository per
 * aggregate, and `transaction` for the writes that must commit together.
 *
 *   const storage = createStorage(pool);
 *   await storage.transaction(async (tx) => { await tx.ledger.append(entry); await tx.readModel.upsertUnitState(s); });
 *
 * The API reads through it (createApp({ temporal, storage })); the worker's
 * activities write through it.
 */
import type pg from 'pg';
import type { NotificationDraft } from '../../domain/notifications';
import { createCampaignUnitsRepository, type CampaignUnitsRepository } from './campaign-units';
import { createCampaignsRepository, type CampaignsRepository } from './campaigns';
import { createCommendationQueries, type CommendationQueries } from './commendations';
import { createHolidaysRepository, type HolidaysRepository } from './holidays-repository';
import { appendInTransaction, appendManyInTransaction, createLedger, type AppendResult, type Ledger, type LedgerEntryInput } from './ledger';
import { createOutboxDigests, type OutboxDigests } from './outbox-digests';
import { CONSOLE_DEFAULTS, createOutbox, enqueueInTransaction, type EnqueueResult, type Outbox, type OutboxDefaults } from './outbox';
import { createCommitmentsRepository, type CommitmentsRepository } from './commitments';
import { createMembersRepository, type MembersRepository } from './members';
import { createOwedWorkQueries, type OwedWorkQueries } from './owed-work';
import { createReadModelRepository, type ReadModelRepository } from './read-model';
import { createRectificationItemsRepository, type RectificationItemsRepository } from './rectification-items';
import { createSupervisionEventsRepository, type SupervisionEventsRepository } from './supervision-events';
import { createSupervisorsRepository, type SupervisorsRepository } from './supervisors';
import { withTransaction } from './transaction';
import { createUnitsRepository, type UnitsRepository } from './units-repository';
import { createUsersRepository, TOKEN_CACHE_TTL_MS, type UsersRepository } from './users-repository';
import { createSessionsRepository, type SessionsRepository } from './sessions-repository';
import { createFirstResponsibleRepository, type FirstResponsibleRepository } from './first-responsible';
import { createOperationalFigures, type OperationalFiguresReader } from './operational-figures';
import { createScoringRepository, type ScoringRepository } from './scoring';
import { createSummaryReportRepository, type SummaryReportRepository } from './summary-report';
import { createUnitTreeQueries, type UnitTreeQueries } from './unit-tree';

/** The repositories a transaction can write through; each statement runs on the transaction's client. */
export interface StorageTransaction {
  campaigns: CampaignsRepository;
  rectifications: RectificationItemsRepository;
  commitments: CommitmentsRepository;
  readModel: ReadModelRepository;
  ledger: {
    append(entry: LedgerEntryInput): Promise<AppendResult>;
    /** Rows of one campaign in order, in a few round trips (see appendManyInTransaction). */
    appendMany(entries: readonly LedgerEntryInput[]): Promise<AppendResult[]>;
  };
  outbox: { enqueue(drafts: NotificationDraft[]): Promise<EnqueueResult> };
  firstResponsible: FirstResponsibleRepository;
  scoring: ScoringRepository;
}

export interface Storage {
  units: UnitsRepository;
  users: UsersRepository;
  /** The dashboard's browser sessions. */
  sessions: SessionsRepository;
  campaigns: CampaignsRepository;
  campaignUnits: CampaignUnitsRepository;
  supervisors: SupervisorsRepository;
  /** Members (黨員) of the units: ids, names, roles, floating members' outflow units. */
  members: MembersRepository;
  /** Public commitments' rows (公開承諾), kept by their workflows. */
  commitments: CommitmentsRepository;
  readModel: ReadModelRepository;
  owedWork: OwedWorkQueries;
  rectifications: RectificationItemsRepository;
  supervisionEvents: SupervisionEventsRepository;
  /** 第一責任人 named per unit and campaign. */
  firstResponsible: FirstResponsibleRepository;
  /** Scoring (量化考評): scheme versions, rounds, entries, results, the upgrade report's reads. */
  scoring: ScoringRepository;
  /** 評選表彰: a level's units, a candidate's place and ledger facts. */
  commendations: CommendationQueries;
  /** 系統總結: the summary report's figures over a scope. */
  summaryReport: SummaryReportRepository;
  /** The unit-tree browser: one parent's children a page at a time, with lights. */
  unitTree: UnitTreeQueries;
  ledger: Ledger;
  /** The holiday calendar in force (shipped data plus the office's years). */
  holidays: HolidaysRepository;
  /** Notification rows and routes (who is reached how). */
  outbox: Outbox;
  /** Daily digests of catch-up rows (one message per recipient, channel and day). */
  outboxDigests: OutboxDigests;
  /** Runs `work` in one transaction: everything written through `tx` commits together, or nothing does. */
  transaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /** Resolves when PostgreSQL answers (the health check). */
  ping(): Promise<void>;
  /** The figures GET /metrics publishes: outbox backlog, rungs fired, ledger rows, units started. */
  figures: OperationalFiguresReader;
}

export interface StorageOptions {
  /** Where a recipient without a route is reached (config: NOTIFY_CHANNEL, WEBHOOK_URL); console by default. */
  outboxDefaults?: OutboxDefaults;
  /** How long a bearer token's user is remembered in this process (users-repository: TOKEN_CACHE_TTL_MS by default; 0 turns it off). */
  tokenCacheTtlMs?: number;
}

export function createStorage(pool: pg.Pool, options: StorageOptions = {}): Storage {
  const outboxDefaults = options.outboxDefaults ?? CONSOLE_DEFAULTS;
  return {
    units: createUnitsRepository(pool),
    users: createUsersRepository(pool, { tokenCacheTtlMs: options.tokenCacheTtlMs ?? TOKEN_CACHE_TTL_MS }),
    sessions: createSessionsRepository(pool),
    campaigns: createCampaignsRepository(pool),
    campaignUnits: createCampaignUnitsRepository(pool),
    supervisors: createSupervisorsRepository(pool),
    members: createMembersRepository(pool),
    commitments: createCommitmentsRepository(pool),
    readModel: createReadModelRepository(pool),
    owedWork: createOwedWorkQueries(pool),
    rectifications: createRectificationItemsRepository(pool),
    supervisionEvents: createSupervisionEventsRepository(pool),
    firstResponsible: createFirstResponsibleRepository(pool),
    commendations: createCommendationQueries(pool),
    scoring: createScoringRepository(pool),
    summaryReport: createSummaryReportRepository(pool),
    unitTree: createUnitTreeQueries(pool),
    ledger: createLedger(pool),
    holidays: createHolidaysRepository(pool),
    outbox: createOutbox(pool, outboxDefaults),
    outboxDigests: createOutboxDigests(pool),
    figures: createOperationalFigures(pool),
    transaction: (work) =>
      withTransaction(pool, (client) =>
        work({
          campaigns: createCampaignsRepository(client),
          rectifications: createRectificationItemsRepository(client),
          commitments: createCommitmentsRepository(client),
          readModel: createReadModelRepository(client),
          ledger: { append: (entry) => appendInTransaction(client, entry), appendMany: (entries) => appendManyInTransaction(client, entries) },
          outbox: { enqueue: (drafts) => enqueueInTransaction(client, drafts, outboxDefaults) },
          firstResponsible: createFirstResponsibleRepository(client),
          scoring: createScoringRepository(client),
        }),
      ),
    async ping() {
      await pool.query('SELECT 1');
    },
  };
}

export { withTransaction, type Queryable } from './transaction';
export type { ReadScope } from './read-scope';

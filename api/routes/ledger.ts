/** The ledger (台帳): paged reads, CSV export and chain verification. */
import { stringify } from 'csv-stringify/sync';
import type { LedgerEntry } from '../../adapters/storage/ledger';
import { ROLES } from '../../domain/labels';
import { forbidden, roleLabel, type AuthUser } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { campaignParams } from './common.schemas';
import { chainVerificationSchema, ledgerPageSchema, ledgerQuery } from './ledger.schemas';

const CSV_COLUMNS = ['seq', 'occurredAt', 'recordedAt', 'campaignId', 'unitId', 'kind', 'actor', 'payload', 'key', 'prevHash', 'hash'] as const;

function toCsv(entries: LedgerEntry[]): string {
  return stringify(
    entries.map((e) => [e.seq, e.occurredAt, e.recordedAt, e.campaignId, e.unitId ?? '', e.kind, e.actor, JSON.stringify(e.payload), e.key, e.prevHash, e.hash]),
    // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
    { header: true, columns: [...CSV_COLUMNS], bom: true },
  );
}

export function registerLedgerRoutes(ctx: ApiContext): void {
  const { routes } = ctx;

  /** Which unit the caller may read: admin any (or all), supervisor one they supervise, a unit its own. */
  async function scopeUnit(user: AuthUser, unitId: string | undefined): Promise<string | undefined> {
    if (user.role === 'admin') return unitId;
    if (user.role === 'unit') {
      // Another unit is answered as an unknown one: 404.
      if (unitId !== undefined) await ctx.access.requireUnitVisible(user, unitId);
      return user.unitId ?? undefined;
    }
    if (unitId === undefined) {
      throw forbidden(
        `as ${roleLabel('supervisor')} you read the ledger of one unit you supervise at a time: add ?unitId=<unit>; the whole campaign's ledger is for the campaign office (${ROLES.admin.zh})`,
      );
    }
    await ctx.access.requireUnitVisible(user, unitId);
    return unitId;
  }

  routes.add({
    method: 'get',
    path: '/campaigns/:id/ledger',
    tag: 'ledger',
    summary: 'Ledger entries (台帳), oldest first, filtered and paged; JSON or CSV',
    description:
      'The campaign office reads everything; a supervisor must give a unitId they supervise; a unit reads its own unit only. A unitId outside the caller\'s units is 404, as for an unknown unit. `format=csv` downloads a CSV file (payload as a JSON column); its next page cursor is in the X-Next-After-Seq header.',
    access: 'authenticated',
    params: campaignParams,
    query: ledgerQuery,
    responses: {
      200: { description: 'a page of entries', schema: ledgerPageSchema },
    },
    handler: async ({ params, query, user, res }) => {
      await requireCampaign(ctx, params.id);
      const unitId = await scopeUnit(user, query.unitId);
      const rows = await ctx.storage.ledger.list({
        campaignId: params.id,
        ...(unitId !== undefined ? { unitId } : {}),
        ...(query.kind?.length ? { kinds: query.kind } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}),
        limit: query.limit + 1,
      });
      const entries = rows.slice(0, query.limit);
      const nextAfterSeq = rows.length > query.limit ? entries[entries.length - 1].seq : null;
      if (query.format === 'csv') {
        const name = `ledger-${params.id}${unitId ? `-${unitId}` : ''}.csv`;
        res.status(200);
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.attachment(name);
        if (nextAfterSeq !== null) res.set('X-Next-After-Seq', String(nextAfterSeq));
        res.send(toCsv(entries));
        return;
      }
      return { status: 200, body: { entries, nextAfterSeq } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/ledger/verify',
    tag: 'ledger',
    summary: "Checks the campaign's hash chain: every row links to the one before and matches its hash",
    access: ['admin'],
    params: campaignParams,
    responses: { 200: { description: 'the verification; `ok: false` names the first broken row', schema: chainVerificationSchema } },
    handler: async ({ params }) => {
      await requireCampaign(ctx, params.id);
      return { status: 200, body: await ctx.storage.ledger.verifyChain(params.id) };
    },
  });
}

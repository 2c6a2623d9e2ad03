/**
 * Campaign rows remembered for a minute by a route module that reads one on
 * every request (the overdue board a dashboard polls, every submit and
 * decision). Rows are never changed once written (adapters/storage/campaigns.ts),
 * so the time-to-live bounds memory only; an unknown id is not remembered.
 */
import type { CampaignRecord } from '../adapters/storage/campaigns';
import { createTtlCache } from '../adapters/storage/ttl-cache';
import { requireCampaign, type ApiContext } from './context';

export const CAMPAIGN_ROW_TTL_MS = 60_000;

export function rememberedCampaigns(ctx: ApiContext): (id: string) => Promise<CampaignRecord> {
  const rows = createTtlCache<string, CampaignRecord>({ ttlMs: CAMPAIGN_ROW_TTL_MS, maxEntries: 200 });
  return async (id) => {
    const known = rows.get(id);
    if (known) return known;
    const campaign = await requireCampaign(ctx, id);
    rows.set(id, campaign);
    return campaign;
  };
}

/**
 * Business keys of rectification items (整改) opened by another event: the
 * same event (a retried request, a retried activity, a replayed workflow)
 * always names the same item, so it is opened once. Used by the workflows
 * that open the items and by the API that documents them.
 */
import { sha256Hex } from './sha256';

/** The item id of a point review's n-th rectification: derived from the unit and the period. */
export const reviewItemId = (unitId: string, periodId: string, index: number) => `rv-${sha256Hex(`${unitId}\n${periodId}`).slice(0, 12)}-${index + 1}`;

/** The item id of a supervision event's n-th rectification. */
export const eventItemId = (eventId: string, index: number) => `ev-${sha256Hex(eventId).slice(0, 10)}-${index + 1}`;

/** The rectification item a lagging grade (後進) opens: one per unit and round. */
export const laggingItemId = (round: string) => `lagging-${round}`;

/** What a lagging unit's item says when the supervisor gives no description. */
export const laggingItemDescription = (round: string, basis: string) => `整頓轉化後進 (transform a lagging unit), ${round}: ${basis}`;

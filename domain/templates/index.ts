/**
 * Plan templates taken from the seed plans (shared/seeds/). A campaign office
 * starts from one, adjusts dates and tasks, and submits it as its plan.
 */
import type { Bilingual } from '../labels';
import type { PlanInput } from '../plan';
import { SEED_000_REGIMENT } from './seed-000-regiment';
import { SEED_001_TOWNSHIP } from './seed-001-township';
import { SEED_003_BUREAU } from './seed-003-bureau';

export interface PlanTemplate {
  title: Bilingual;
  plan: PlanInput;
}

export const TEMPLATES = {
  'seed-003-bureau': {
    title: { zh: '局機關四階段方案(2010–2012)', en: 'Bureau, four phases (2010–2012)' },
    plan: SEED_003_BUREAU,
  },
  'seed-000-regiment': {
    title: { zh: '團場三步驟方案(2010–2011)', en: 'Regiment, three steps (2010–2011)' },
    plan: SEED_000_REGIMENT,
  },
  'seed-001-township': {
    title: { zh: '鄉鎮黨建帶群團、三分類三升級(2011–2012)', en: 'Township, party-led mass organisations and three-grade upgrades (2011–2012)' },
    plan: SEED_001_TOWNSHIP,
  },
} as const satisfies Record<string, PlanTemplate>;

export type TemplateId = keyof typeof TEMPLATES;

export function isTemplateId(id: string): id is TemplateId {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, id);
}

/** The template's plan, or undefined for an unknown id. Callers get a copy they may change. */
export function getTemplate(id: string): PlanInput | undefined {
  return isTemplateId(id) ? structuredClone(TEMPLATES[id].plan) : undefined;
}

export function listTemplates(): Array<{ id: TemplateId; title: Bilingual }> {
  return (Object.keys(TEMPLATES) as TemplateId[]).map((id) => ({ id, title: TEMPLATES[id].title }));
}

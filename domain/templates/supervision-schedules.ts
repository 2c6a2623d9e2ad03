/**
 * What each seed prescribes for supervision (督促檢查), contact points (聯繫點)
 * and themes by tag, spread into its template (one line per seed file). The
 * seeds name the methods but never a frequency: the cadences below are chosen,
 * and each choice is said beside it.
 */
import type { PlanInput } from '../plan';

type SupervisionPart = Pick<PlanInput, 'supervisionSchedule' | 'contactPoints' | 'tagThemes'>;

/** Seed 000 §(三): 聽取匯報、召開座談會、專題調研、交流研討、明查暗訪、經常性督察、隨機抽查、定期點評、聯系指導點. */
export const SEED_000_SUPERVISION: SupervisionPart = {
  supervisionSchedule: [
    // The two-week arrangement phase: a report heard once from every unit.
    { id: 'hearing-reports-arrangement', kind: 'hearing_reports', phase: 'arrangement', every: 'once' },
    // The seven-month advancement phase: every method, at the pace of the phase.
    { id: 'hearing-reports', kind: 'hearing_reports', phase: 'advancement', every: 'quarterly' },
    { id: 'forum', kind: 'forum', phase: 'advancement', every: 'quarterly' },
    { id: 'thematic-research', kind: 'thematic_research', phase: 'advancement', every: 'once' },
    { id: 'exchange-seminar', kind: 'exchange_seminar', phase: 'advancement', every: 'once' },
    { id: 'unannounced-visit', kind: 'unannounced_visit', phase: 'advancement', every: 'quarterly', target: { kind: 'sample', size: 3 } },
    { id: 'regular-inspection', kind: 'regular_inspection', phase: 'advancement', every: 'monthly' },
    { id: 'spot-check', kind: 'spot_check', phase: 'advancement', every: 'quarterly', target: { kind: 'sample', size: 3 } },
    { id: 'periodic-review', kind: 'periodic_review', phase: 'advancement', every: 'quarterly' },
    // The summary: results shown at a forum (座談研討會, §(三)3).
    { id: 'summary-forum', kind: 'forum', phase: 'summary-commendation', every: 'once' },
  ],
  // 堅持團領導聯系點制度, leaders "經常深入基層": chosen monthly, in the advancement phase.
  contactPoints: { every: 'monthly', phases: ['advancement'] },
  // 分類指導's line for party units in minority and religious areas (§(四)), by tag.
  tagThemes: {
    ethnic_religious_area: {
      zh: '把落實民族和宗教政策貫穿創先爭優活動始終,堅決維護民族團結和社會穩定,推動發展、促進和諧',
      en: 'Carry out the ethnic and religious policies throughout the campaign; uphold ethnic unity and social stability; promote development and harmony',
    },
  },
};

/** Seed 003 ㈡㈢: 工作汇报会、座谈会、经常性督查、巡回检查、随机抽样检查; leaders 定期到联系点指导工作. */
export const SEED_003_SUPERVISION: SupervisionPart = {
  supervisionSchedule: [
    // Phases 2 and 3 each last a year: reports and forums quarterly, inspection monthly,
    // a touring inspection and a sampled check every quarter.
    ...(['advancement', 'demonstration'] as const).flatMap((phase) => [
      { id: `work-report-meeting-${phase}`, kind: 'hearing_reports' as const, phase, every: 'quarterly' as const },
      { id: `forum-${phase}`, kind: 'forum' as const, phase, every: 'quarterly' as const },
      { id: `regular-inspection-${phase}`, kind: 'regular_inspection' as const, phase, every: 'monthly' as const },
      { id: `touring-inspection-${phase}`, kind: 'touring_inspection' as const, phase, every: 'quarterly' as const },
      { id: `spot-check-${phase}`, kind: 'spot_check' as const, phase, every: 'quarterly' as const, target: { kind: 'sample' as const, size: 3 } },
    ]),
    // The summary: a work-report meeting once, before the assessment (考核評議).
    { id: 'work-report-meeting-summary', kind: 'hearing_reports', phase: 'summary', every: 'once' },
  ],
  // "定期到联系点指导工作" without a frequency: chosen quarterly while the campaign runs.
  contactPoints: { every: 'quarterly', phases: ['advancement', 'demonstration'] },
  tagThemes: {},
};

/** Seed 001: 定期聽取工作匯報 (联席會議制度) and 42 基層組織建設領導聯系點. */
export const SEED_001_SUPERVISION: SupervisionPart = {
  supervisionSchedule: [
    { id: 'hearing-reports-2011', kind: 'hearing_reports', phase: 'party-led-mass-organisations', every: 'quarterly' },
    { id: 'hearing-reports-2012', kind: 'hearing_reports', phase: 'organisation-building-year', every: 'quarterly' },
  ],
  contactPoints: { every: 'quarterly' },
  tagThemes: {},
};

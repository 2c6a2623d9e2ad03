/**
 * The seeds' commendation rounds (評選表彰; issue 14), one spread per seed
 * template. Levels go up the tree, lowest first; depth 0 is the campaign's top
 * unit. Where a seed gives no date, the choice is said beside it.
 */
import { standardCategory, type CommendationPlanInput } from '../plan-commendation';

const THREE_CATEGORIES = [standardCategory('advanced_organisation'), standardCategory('excellent_member'), standardCategory('excellent_party_worker')];
const STRICT = { noAccountability: true, noOpenRectification: true, minGrade: 'average' as const, commitmentsFulfilled: true };

/**
 * Seed 000 (regiment): 推薦、考核、審定、公示、表彰五個步驟, 自下而上、分級評選,
 * 向師黨委推薦. Its summary phase (2011-01 – 2011-06) does its main work before
 * March, so the company branches recommend in January and the regiment decides in February.
 */
export const SEED_000_COMMENDATION: { commendation: CommendationPlanInput } = {
  commendation: {
    rounds: [
      {
        id: 'regiment-2011',
        name: { zh: '團創先爭優評選表彰', en: "The regiment's commendation of exemplars" },
        categories: THREE_CATEGORIES,
        eligibility: STRICT,
        reportTo: { zh: '師黨委', en: 'the division party committee' },
        levels: [
          { id: 'company', name: { zh: '連隊黨支部推薦', en: 'company branches' }, depth: 2, quotas: { advanced_organisation: 1, excellent_member: 2, excellent_party_worker: 1 }, recommendBy: '2011-01-10', assessBy: '2011-01-17', approveBy: '2011-01-20' },
          { id: 'battalion', name: { zh: '營(總支)推薦', en: 'battalions (general branches)' }, depth: 1, quotas: { advanced_organisation: 1, excellent_member: 2, excellent_party_worker: 1 }, recommendBy: '2011-02-03', assessBy: '2011-02-08', approveBy: '2011-02-10' },
          { id: 'regiment', name: { zh: '團黨委審定', en: 'the regiment party committee' }, depth: 0, quotas: { advanced_organisation: 2, excellent_member: 3, excellent_party_worker: 2 }, recommendBy: '2011-02-20', assessBy: '2011-02-24', approveBy: '2011-02-26', before: { milestone: 'party-90th-anniversary' } },
        ],
      },
    ],
  },
};

/**
 * Seed 003 (bureau): 在建黨90周年時表彰一批先進典型; around 2012-07-01 the
 * bureau reports its exemplars to the superior (向上級推薦).
 */
export const SEED_003_COMMENDATION: { commendation: CommendationPlanInput } = {
  commendation: {
    rounds: [
      {
        id: 'first-group-2011',
        name: { zh: '建黨90周年表彰第一批先進典型', en: 'First group of exemplars, at the 90th anniversary' },
        categories: THREE_CATEGORIES,
        eligibility: STRICT,
        levels: [
          { id: 'branch', name: { zh: '基層黨支部推薦', en: 'branches' }, depth: 1, quotas: { advanced_organisation: 1, excellent_member: 2, excellent_party_worker: 1 }, recommendBy: '2011-05-20', assessBy: '2011-05-31', approveBy: '2011-06-05' },
          { id: 'bureau', name: { zh: '局黨委審定', en: 'the bureau party committee' }, depth: 0, quotas: { advanced_organisation: 3, excellent_member: 5, excellent_party_worker: 3 }, recommendBy: '2011-06-10', assessBy: '2011-06-15', approveBy: '2011-06-20', before: { milestone: 'party-90th-anniversary' } },
        ],
      },
      {
        id: 'upward-2012',
        name: { zh: '向上級推薦創先爭優先進典型(2012年七一前後)', en: 'Exemplars reported upward around July 1, 2012' },
        categories: THREE_CATEGORIES,
        eligibility: { ...STRICT, minGrade: 'advanced' },
        reportTo: { zh: '上級黨委', en: 'the superior party committee' },
        levels: [
          { id: 'branch', name: { zh: '基層黨支部推薦', en: 'branches' }, depth: 1, quotas: { advanced_organisation: 1, excellent_member: 1, excellent_party_worker: 1 }, recommendBy: '2012-05-20', assessBy: '2012-05-31', approveBy: '2012-06-05' },
          { id: 'bureau', name: { zh: '局黨委審定', en: 'the bureau party committee' }, depth: 0, quotas: { advanced_organisation: 2, excellent_member: 3, excellent_party_worker: 2 }, recommendBy: '2012-06-10', assessBy: '2012-06-15', approveBy: '2012-06-20', before: { milestone: 'july-1', year: 2012 } },
        ],
      },
    ],
  },
};

/** Seed 001 (township): 七一前集中表彰一批創先爭優先進集體和個人 (2012). */
export const SEED_001_COMMENDATION: { commendation: CommendationPlanInput } = {
  commendation: {
    rounds: [
      {
        id: 'july-1-2012',
        name: { zh: '七一前集中表彰創先爭優先進集體和個人', en: 'Commendation of advanced collectives and individuals before July 1, 2012' },
        categories: THREE_CATEGORIES,
        eligibility: STRICT,
        levels: [
          { id: 'village', name: { zh: '村(社區)黨組織推薦', en: 'village and community party units' }, depth: 1, quotas: { advanced_organisation: 1, excellent_member: 2, excellent_party_worker: 1 }, recommendBy: '2012-05-25', assessBy: '2012-06-01', approveBy: '2012-06-05' },
          { id: 'township', name: { zh: '鄉鎮黨委審定', en: 'the township party committee' }, depth: 0, quotas: { advanced_organisation: 3, excellent_member: 5, excellent_party_worker: 3 }, recommendBy: '2012-06-10', assessBy: '2012-06-15', approveBy: '2012-06-20', before: { milestone: 'july-1', year: 2012 } },
        ],
      },
    ],
  },
};

/**
 * The seeds' scoring schemes (定性評價與量化考評相結合; issue 13), one spread
 * per seed template. The seeds name the criteria and the methods, not their
 * points: the weights below are chosen (equal shares where the seed lists
 * equal criteria) and said beside each scheme.
 */
import type { ScoringPlanInput, ScoringSchemeInput } from '../plan-scoring';

const item = (id: string, zh: string, en: string, weight: number, scoredBy: 'supervisor' | 'self' | 'members' | 'masses', extra: { maximum?: number; scale?: 'points' | 'star' | 'ballot' | 'survey' } = {}) => ({
  id,
  name: { zh, en },
  weight,
  scoredBy,
  ...extra,
});

/**
 * Seed 000: 創建「五個好」先進基層黨組織 — 領導班子好、黨員隊伍好、工作機制好、工作業績好、群眾反映好.
 * Chosen: 20 points each; the superior scores the first four, the masses the fifth (群眾反映好) by survey.
 */
export const FIVE_GOODS: ScoringSchemeInput = {
  id: 'five-goods',
  name: { zh: '「五個好」先進基層黨組織', en: 'the "five goods" of an advanced unit' },
  method: 'five_goods',
  subject: 'unit',
  items: [
    item('leadership', '領導班子好', 'good leadership team', 20, 'supervisor', { maximum: 20 }),
    item('members', '黨員隊伍好', 'good members', 20, 'supervisor', { maximum: 20 }),
    item('mechanisms', '工作機制好', 'good working mechanisms', 20, 'supervisor', { maximum: 20 }),
    item('results', '工作業績好', 'good results', 20, 'supervisor', { maximum: 20 }),
    item('reputation', '群眾反映好', 'good reputation with the masses', 20, 'masses', { scale: 'survey' }),
  ],
};

/**
 * Seed 000: 爭做「五帶頭」優秀共產黨員 — 帶頭學習提高、帶頭爭創佳績、帶頭服務群眾、帶頭遵紀守法、帶頭弘揚正氣.
 * Chosen: 20 points each, scored by the branch (the member's superior); 服務群眾 by the masses.
 */
export const FIVE_FIRSTS: ScoringSchemeInput = {
  id: 'five-firsts',
  name: { zh: '「五帶頭」優秀共產黨員', en: 'the "five firsts" of an excellent member' },
  method: 'five_firsts',
  subject: 'member',
  items: [
    item('study', '帶頭學習提高', 'first in study', 20, 'supervisor', { maximum: 20 }),
    item('achievement', '帶頭爭創佳績', 'first in achievement', 20, 'supervisor', { maximum: 20 }),
    item('service', '帶頭服務群眾', 'first in serving the masses', 20, 'masses', { scale: 'survey' }),
    item('discipline', '帶頭遵紀守法', 'first in discipline and law', 20, 'supervisor', { maximum: 20 }),
    item('integrity', '帶頭弘揚正氣', 'first in upholding integrity', 20, 'supervisor', { maximum: 20 }),
  ],
};

/**
 * Seed 000: 《「十星黨員」考核標準》 (seed 001: 星級黨員評選): one star per criterion.
 * The seed names the standard, not its ten criteria: they are numbered here, for the office to name.
 */
export const TEN_STARS: ScoringSchemeInput = {
  id: 'ten-stars',
  name: { zh: '「十星黨員」考核', en: 'the ten-star member rating' },
  method: 'ten_stars',
  subject: 'member',
  items: Array.from({ length: 10 }, (_, i) => item(`star-${i + 1}`, `第${'一二三四五六七八九十'[i]}星`, `star ${i + 1}`, 10, 'supervisor', { scale: 'star' })),
};

/** Seeds 000 and 002: 運用民主測評、滿意度調查 — the members' ballot and the masses' survey of a unit, each its own scheme. */
export const DEMOCRATIC_EVALUATION: ScoringSchemeInput = {
  id: 'democratic-evaluation',
  name: { zh: '民主測評', en: 'democratic evaluation' },
  method: 'democratic_evaluation',
  subject: 'unit',
  items: [item('ballot', '黨員民主測評(優秀/稱職/基本稱職/不稱職)', "members' ballot (excellent / competent / basically competent / incompetent)", 100, 'members', { scale: 'ballot' })],
};

export const SATISFACTION_SURVEY: ScoringSchemeInput = {
  id: 'satisfaction-survey',
  name: { zh: '滿意度調查', en: 'satisfaction survey' },
  method: 'satisfaction_survey',
  subject: 'unit',
  items: [item('survey', '群眾滿意度(滿意/基本滿意/不滿意)', "the masses' satisfaction (satisfied / basically satisfied / unsatisfied)", 100, 'masses', { scale: 'survey' })],
};

/** Seed 001: 深化「每月一星」評比活動 — each month the branch selects its star member. */
export const MONTHLY_STAR: ScoringSchemeInput = {
  id: 'monthly-star',
  name: { zh: '每月一星', en: 'star of the month' },
  method: 'monthly_star',
  subject: 'member',
  items: [item('star', '本月之星', 'selected as the star of the month', 100, 'supervisor', { scale: 'star' })],
};

/**
 * Seed 003: 考核評議 — 上級黨組織進行考核, 組織黨員、群眾進行評議; 建立專項台帳.
 * Chosen: the superior's assessment 60, the members' ballot 20, the masses' survey 20.
 */
export const ASSESSMENT_AND_REVIEW: ScoringSchemeInput = {
  id: 'assessment-and-review',
  name: { zh: '考核評議', en: 'assessment and review' },
  method: 'other',
  subject: 'unit',
  items: [
    item('assessment', '上級黨組織考核', "the superior's assessment", 60, 'supervisor', { maximum: 100 }),
    item('members-ballot', '黨員評議(民主測評)', "the members' evaluation (democratic ballot)", 20, 'members', { scale: 'ballot' }),
    item('masses-survey', '群眾評議(滿意度)', "the masses' evaluation (satisfaction)", 20, 'masses', { scale: 'survey' }),
  ],
};

/** Chosen thresholds (no seed gives figures): 85 % and more 先進, 60 % and more 一般, below 後進. */
const THRESHOLDS = { advancedFromPercent: 85, averageFromPercent: 60 };

export const SEED_000_SCORING: { scoring: ScoringPlanInput } = {
  scoring: { schemes: [FIVE_GOODS, FIVE_FIRSTS, TEN_STARS, DEMOCRATIC_EVALUATION, SATISFACTION_SURVEY], gradeThresholds: THRESHOLDS, gradingSchemeId: 'five-goods' },
};

export const SEED_001_SCORING: { scoring: ScoringPlanInput } = {
  scoring: { schemes: [FIVE_GOODS, TEN_STARS, MONTHLY_STAR, SATISFACTION_SURVEY], gradeThresholds: THRESHOLDS, gradingSchemeId: 'five-goods', monthlyStar: { schemeId: 'monthly-star', closesOnDay: 25 } },
};

export const SEED_003_SCORING: { scoring: ScoringPlanInput } = {
  scoring: { schemes: [ASSESSMENT_AND_REVIEW, FIVE_FIRSTS, DEMOCRATIC_EVALUATION, SATISFACTION_SURVEY], gradeThresholds: THRESHOLDS, gradingSchemeId: 'assessment-and-review' },
};

/**
 * User-facing vocabulary: every label carries the Chinese term the users think
 * in next to the English one (see shared/docs/domain.md).
 */
// No zod here: the workflows use these labels (their schemas: ./labels-schema.ts).

export interface Bilingual {
  zh: string;
  en: string;
}

export function label(text: Bilingual): string {
  return `${text.zh} (${text.en})`;
}

/** Kinds of unit (分類指導): the seven party-unit types plus party-led mass organisations (黨建帶群團). */
export const UNIT_TYPES = {
  village_company: { zh: '連隊/農村', en: 'village / company' },
  agency: { zh: '機關', en: 'agency' },
  community: { zh: '社區', en: 'community' },
  school: { zh: '學校', en: 'school' },
  health_service: { zh: '醫療衛生', en: 'hospital and other services' },
  non_public_enterprise: { zh: '非公有制經濟組織', en: 'non-public enterprise' },
  state_enterprise: { zh: '國有企業', en: 'state enterprise' },
  union: { zh: '工會', en: 'trade union' },
  youth_league: { zh: '共青團', en: 'youth league' },
  womens_federation: { zh: '婦聯', en: "women's federation" },
} as const satisfies Record<string, Bilingual>;

export type UnitType = keyof typeof UNIT_TYPES;

/** The overdue escalation ladder, lowest rung first. */
export const RUNGS = {
  reminder: { zh: '提醒', en: 'reminder' },
  warning: { zh: '黃牌預警', en: 'yellow-card warning' },
  listed_supervision: { zh: '掛牌督辦', en: 'listed supervision' },
  circulated_criticism: { zh: '通報批評', en: 'circulated criticism' },
  accountability: { zh: '問責', en: 'accountability' },
} as const satisfies Record<string, Bilingual>;
export type Rung = keyof typeof RUNGS;

/** 三分類: the grade a unit is given at a classification round; a lagging unit is rectified (整頓轉化後進). */
export const CLASSIFICATION_GRADES = {
  advanced: { zh: '先進', en: 'advanced' },
  average: { zh: '一般', en: 'average' },
  lagging: { zh: '後進', en: 'lagging' },
} as const satisfies Record<string, Bilingual>;
export type ClassificationGrade = keyof typeof CLASSIFICATION_GRADES;

export const TASK_STATUSES = {
  pending: { zh: '未開始', en: 'not yet open' },
  open: { zh: '待提交', en: 'open' },
  submitted: { zh: '待審核', en: 'submitted, awaiting approval' },
  rejected: { zh: '已退回', en: 'rejected, back to the unit' },
  approved: { zh: '已通過', en: 'approved' },
} as const satisfies Record<string, Bilingual>;
export type TaskStatus = keyof typeof TASK_STATUSES;

export const ROLES = {
  admin: { zh: '活動領導小組辦公室', en: 'campaign office' },
  supervisor: { zh: '上級黨組織負責人', en: 'supervisor' },
  unit: { zh: '基層黨組織', en: 'unit' },
} as const satisfies Record<string, Bilingual>;
export type Role = keyof typeof ROLES;

/** A rectification item's (整改) states. */
export const RECTIFICATION_STATUSES = {
  open: { zh: '整改中', en: 'open' },
  reported: { zh: '待驗收', en: 'fix reported, awaiting verification' },
  sent_back: { zh: '已退回', en: 'sent back' },
  verified: { zh: '已銷號', en: 'verified and closed' },
} as const satisfies Record<string, Bilingual>;
export type RectificationStatus = keyof typeof RECTIFICATION_STATUSES;

/** The traffic light (亮燈) of a unit or a task. */
export const LIGHTS = {
  green: { zh: '綠燈', en: 'on track' },
  yellow: { zh: '黃燈', en: 'reminded or warned' },
  red: { zh: '紅燈', en: 'under listed supervision or worse' },
} as const satisfies Record<string, Bilingual>;
export type Light = keyof typeof LIGHTS;

/** Who a notice or a notification route is for ('unit': the unit as a whole, for routes). */
export const RECIPIENT_ROLE_LABELS = {
  secretary: { zh: '書記', en: 'secretary' },
  supervisor: { zh: '上級黨組織負責人', en: 'supervisor' },
  office: { zh: '活動領導小組辦公室', en: 'campaign office' },
  unit: { zh: '基層黨組織', en: 'unit' },
} as const satisfies Record<string, Bilingual>;

// ---------------------------------------------------------------- supervision methods (督促檢查, issue 15)

/**
 * Supervision methods (督促檢查) as the seeds list them (seed 000 §(三), seed 003 ㈢),
 * each recordable as an event and schedulable in the plan (domain/plan-supervision.ts).
 */
export const SUPERVISION_KINDS = {
  hearing_reports: { zh: '聽取匯報/工作匯報會', en: 'hearing work reports' },
  forum: { zh: '座談會', en: 'forum' },
  thematic_research: { zh: '專題調研', en: 'thematic research' },
  exchange_seminar: { zh: '交流研討', en: 'exchange seminar' },
  open_visit: { zh: '明查', en: 'open visit' },
  unannounced_visit: { zh: '暗訪', en: 'unannounced visit' },
  regular_inspection: { zh: '經常性督查', en: 'regular inspection' },
  touring_inspection: { zh: '巡迴檢查', en: 'touring inspection' },
  spot_check: { zh: '隨機抽查', en: 'random spot check' },
  periodic_review: { zh: '定期點評', en: 'periodic point review' },
  contact_point_visit: { zh: '聯繫點指導', en: 'contact-point visit' },
} as const satisfies Record<string, Bilingual>;
export type SupervisionKindKey = keyof typeof SUPERVISION_KINDS;

/**
 * Values the API took before and still takes, with the kind each now means: "hearing"
 * was labelled 聽證 (a formal public hearing), which the seeds never ask for; they mean
 * 聽取匯報. Events recorded under it keep it in the ledger and are shown with this label.
 */
export const LEGACY_SUPERVISION_KINDS = { hearing: 'hearing_reports' } as const satisfies Record<string, SupervisionKindKey>;
export type LegacySupervisionKind = keyof typeof LEGACY_SUPERVISION_KINDS;

/** The label of a kind, the legacy ones included. */
export function supervisionKindLabel(kind: SupervisionKindKey | LegacySupervisionKind): Bilingual {
  return kind in LEGACY_SUPERVISION_KINDS ? SUPERVISION_KINDS[LEGACY_SUPERVISION_KINDS[kind as LegacySupervisionKind]] : SUPERVISION_KINDS[kind as SupervisionKindKey];
}

/** 不重視、不得力、少創新 (seed 003 ㈢): the grounds a supervisor criticises a unit's effort on. */
export const POOR_EFFORT_GROUNDS = {
  not_serious: { zh: '思想上不重視', en: 'not taken seriously' },
  not_effective: { zh: '工作上不得力', en: 'not effective' },
  little_innovation: { zh: '實施上少創新', en: 'little innovation' },
} as const satisfies Record<string, Bilingual>;
export type PoorEffortGround = keyof typeof POOR_EFFORT_GROUNDS;

/** What /me/duties lists: what a person must do next. */
export const DUTY_KINDS = {
  submit_task: { zh: '待提交', en: 'submit the task' },
  resubmit_task: { zh: '退回待重交', en: 'resubmit the rejected task' },
  report_rectification: { zh: '待報整改', en: 'report the rectification' },
  awaiting_extension_decision: { zh: '延期待批', en: 'extension request awaiting a decision' },
  approve_task: { zh: '待審核', en: 'approve or reject the task' },
  give_review: { zh: '待點評', en: 'give the point review' },
  verify_rectification: { zh: '待驗收', en: 'verify or send back the rectification' },
  decide_extension: { zh: '待批延期', en: 'grant or refuse the extension request' },
  visit_contact_point: { zh: '待走訪聯繫點', en: 'visit the contact point' },
  record_scheduled_supervision: { zh: '待督查', en: 'carry out and record the scheduled supervision' },
} as const satisfies Record<string, Bilingual>;

// ---------------------------------------------------------------- late start (遲啟動)

/** What a deadline that passed before the unit started becomes (plan `lateStart.policy`). */
export const LATE_START_POLICIES = {
  grace: { zh: '寬限', en: 'grace period' },
  escalate: { zh: '照常督辦', en: 'escalate as usual' },
  waive: { zh: '免除', en: 'waived' },
} as const satisfies Record<string, Bilingual>;
// ---------------------------------------------------------------- members and public commitments (issue 13)

/** A member's role in the unit (黨員的身份). */
export const MEMBER_ROLES = {
  secretary: { zh: '書記', en: 'secretary' },
  committee_member: { zh: '委員', en: 'committee member' },
  party_worker: { zh: '黨務工作者', en: 'party worker' },
  member: { zh: '黨員', en: 'member' },
} as const satisfies Record<string, Bilingual>;
export type MemberRole = keyof typeof MEMBER_ROLES;

/** How a member relates to the unit listing it. */
export const MEMBER_RELATIONS = {
  own: { zh: '本單位黨員', en: "the unit's own member" },
  outflow: { zh: '流出黨員', en: 'floating member who flowed out of the unit (read only)' },
} as const satisfies Record<string, Bilingual>;

/** To whom a public commitment is made (雙向承諾: to the masses and to the organisation). */
export const COMMITMENT_AUDIENCES = {
  masses: { zh: '向群眾承諾', en: 'to the masses' },
  organisation: { zh: '向組織承諾', en: 'to the organisation' },
} as const satisfies Record<string, Bilingual>;
export type CommitmentAudience = keyof typeof COMMITMENT_AUDIENCES;

/** Where a commitment is made public (seed 001: 黨員干部會議、黨務公開欄、廣播、媒體刊物). */
export const COMMITMENT_CHANNELS = {
  meeting: { zh: '黨員干部會議', en: 'meeting' },
  notice_board: { zh: '黨務公開欄', en: 'party affairs notice board' },
  broadcast: { zh: '廣播', en: 'broadcast' },
  media: { zh: '媒體刊物', en: 'media and publications' },
} as const satisfies Record<string, Bilingual>;
export type CommitmentChannel = keyof typeof COMMITMENT_CHANNELS;

/** The leader's rating in a review of a fulfilled commitment (領導點評). */
export const COMMITMENT_REVIEW_RATINGS = {
  excellent: { zh: '優秀', en: 'excellent' },
  good: { zh: '良好', en: 'good' },
  fair: { zh: '一般', en: 'fair' },
  poor: { zh: '差', en: 'poor' },
} as const satisfies Record<string, Bilingual>;
export type CommitmentReviewRating = keyof typeof COMMITMENT_REVIEW_RATINGS;

/** The masses' rating (群眾評議), entered as counts per answer, never per voter. */
export const MASS_RATING_ANSWERS = {
  satisfied: { zh: '滿意', en: 'satisfied' },
  basically_satisfied: { zh: '基本滿意', en: 'basically satisfied' },
  unsatisfied: { zh: '不滿意', en: 'unsatisfied' },
} as const satisfies Record<string, Bilingual>;
export type MassRatingAnswer = keyof typeof MASS_RATING_ANSWERS;

/** Where a commitment stands (承諾踐諾). */
export const COMMITMENT_STATUSES = {
  published: { zh: '已承諾', en: 'published' },
  reported: { zh: '已報踐諾', en: 'fulfilment reported' },
  fulfilled: { zh: '已踐諾', en: 'fulfilled' },
} as const satisfies Record<string, Bilingual>;
export type CommitmentStatus = keyof typeof COMMITMENT_STATUSES;

// ---------------------------------------------------------------- commendation (評選表彰, issue 14)

/** The seeds' three categories of commendation (custom ones carry their own names in the plan). */
export const COMMENDATION_CATEGORIES = {
  advanced_organisation: { zh: '先進基層黨組織', en: 'advanced primary party organisation' },
  excellent_member: { zh: '優秀共產黨員', en: 'excellent Communist Party member' },
  excellent_party_worker: { zh: '優秀黨務工作者', en: 'excellent party worker' },
} as const satisfies Record<string, Bilingual>;
export type CommendationCategoryId = keyof typeof COMMENDATION_CATEGORIES;

/** Seed 000's five steps: 推薦、考核、審定、公示、表彰. */
export const COMMENDATION_STEPS = {
  recommend: { zh: '推薦', en: 'recommend' },
  assess: { zh: '考核', en: 'assess' },
  approve: { zh: '審定', en: 'approve (collective decision, 集中審議)' },
  notice: { zh: '公示', en: 'public notice' },
  commend: { zh: '表彰', en: 'commend' },
} as const satisfies Record<string, Bilingual>;

/** A candidate's status through the steps. */
export const CANDIDATE_STATUSES = {
  recommended: { zh: '已推薦', en: 'recommended' },
  assessed: { zh: '已考核', en: 'assessed' },
  not_approved: { zh: '未通過審定', en: 'not approved' },
  on_notice: { zh: '公示中', en: 'on public notice' },
  held: { zh: '暫緩(有異議待核)', en: 'held: an objection awaits its outcome' },
  withdrawn: { zh: '已撤銷', en: 'withdrawn (objection upheld)' },
  commended: { zh: '已表彰', en: 'commended' },
} as const satisfies Record<string, Bilingual>;
export type CandidateStatus = keyof typeof CANDIDATE_STATUSES;

/** An objection (異議) during the public notice, and its outcome. */
export const OBJECTION_STATUSES = {
  open: { zh: '待核實', en: 'open' },
  upheld: { zh: '異議成立', en: 'upheld' },
  dismissed: { zh: '異議不成立', en: 'dismissed' },
} as const satisfies Record<string, Bilingual>;

/** Eligibility rules (評選條件), as a refusal names them. */
export const ELIGIBILITY_RULES = {
  noAccountability: { zh: '本次活動中無問責記錄', en: 'no accountability record in this campaign' },
  noOpenRectification: { zh: '無未銷號的整改事項', en: 'no open rectification item' },
  minGrade: { zh: '分類定級不低於要求等次', en: 'classification grade at least the required one' },
  commitmentsFulfilled: { zh: '公開承諾均已踐諾', en: 'every public commitment fulfilled' },
  minScore: { zh: '量化考評得分不低於要求', en: 'score at least the required minimum' },
  minScoreShare: { zh: '量化考評得分率不低於要求', en: 'score at least the required share of its maximum' },
} as const satisfies Record<string, Bilingual>;
export type EligibilityRuleId = keyof typeof ELIGIBILITY_RULES;

/** Praise as well as blame: 通報表揚 beside the ladder's 通報批評. */
export const PRAISE = { zh: '通報表揚', en: 'circulated praise' } as const satisfies Bilingual;

/** Why praise is circulated: a round commended, or a unit finished a phase with every task on time. */
export const PRAISE_REASONS = {
  commended: { zh: '評選表彰', en: 'commended in a commendation round' },
  phase_on_time: { zh: '按時完成階段全部任務', en: 'every task of a phase done on time' },
} as const satisfies Record<string, Bilingual>;
export type PraiseReason = keyof typeof PRAISE_REASONS;

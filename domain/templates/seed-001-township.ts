/**
 * Seed 001: a township's party-building documents, a compilation of five pieces:
 * (1) the township's 2011 opinion on 黨建帶群團 (party-led mass organisations),
 * (2) a 2011 implementation plan for it (dated 2011-10-10), (3) the township's
 * 2011 work report on it, (4) the town committee's 《2012年黨建工作意見》
 * (dated 2012-03-20: 基層組織建設年, 三分類三升級, 迎接黨的十八大), (5) articles.
 *
 * The seed has no staged campaign with dated steps. Interpretations:
 * - Two phases, one per year the documents plan for: 2011 (黨建帶群團, the
 *   calendar year, as pieces 1–3 speak of "2011年") and 2012 (基層組織建設年,
 *   from the opinion's date 2012-03-20 to the end of the year).
 * - Unit tasks of party units are limited to the seven party-unit types, the
 *   mass organisations' own tasks to union / youth league / women's federation
 *   (黨建帶工建、團建、婦建): both kinds take part.
 * - Deadlines the seed does not give ("適時", "及時", none at all) are chosen and
 *   marked where they are set.
 * - 三分類三升級 targets, piece 4: 先進基層黨組織爭創年升級率不低於20%,
 *   一般黨組織年升級率不低於30%,後進黨組織年轉化率不低於95%.
 * - 黃牌預警 in this seed is a warning system for recruiting members in villages
 *   (農村發展黨員工作鎮村兩級「黃牌預警」制度), not an overdue ladder; the
 *   default ladder is kept. Reminders and public notice: not given; defaults kept.
 * - The 省第十次黨代會 (provincial congress), named next to the 18th Congress,
 *   is not encoded: no unit task depends on it alone.
 */
import type { PlanInput } from '../plan';
import type { UnitType } from '../labels';
import { SEED_001_COMMITMENTS } from './commitments';
import { SEED_001_SCORING } from './scoring';
import { SEED_001_SUPERVISION } from './supervision-schedules';
import { SEED_001_COMMENDATION } from './commendation';

const PARTY_UNITS: UnitType[] = [
  'village_company',
  'agency',
  'community',
  'school',
  'health_service',
  'non_public_enterprise',
  'state_enterprise',
];
const MASS_ORGANISATIONS: UnitType[] = ['union', 'youth_league', 'womens_federation'];

export const SEED_001_TOWNSHIP: PlanInput = {
  id: 'seed-001-township',
  name: {
    zh: 'XX鄉鎮「黨建帶群團」工作及2012年黨建工作意見',
    en: 'A township’s “party-led mass organisations” work and its 2012 party-building opinion',
  },
  source: '001_6b84470e990248df.txt',
  ...SEED_001_COMMITMENTS,
  ...SEED_001_SCORING,
  ...SEED_001_COMMENDATION,
  milestones: [
    { id: 'july-1', name: { zh: '七一(黨的生日)', en: 'July 1, founding day of the Party' }, kind: 'yearly', month: 7, day: 1 },
    { id: 'party-congress-18', name: { zh: '黨的十八大召開', en: 'Opening of the 18th National Party Congress' }, kind: 'to_be_set' },
  ],
  phases: [
    {
      id: 'party-led-mass-organisations',
      name: { zh: '黨建帶群團', en: 'Party building leads the mass organisations' },
      summary: {
        zh: '「抓支部、帶群團、富群眾、促增收」:黨建帶工建、團建、婦建。',
        en: '“Grip the branch, lead the mass organisations, enrich the masses, raise incomes”: party building leads union, youth-league and women’s-federation building.',
      },
      window: { start: '2011-01-01', end: '2011-12-31' },
      tasks: [
        // "要適時召開會議,專題研究「黨建帶群團」工作,提出規劃和實施方案": no date
        // in the seed ("適時"); due at the end of the year.
        {
          id: 'mass-org-branch-meeting',
          title: { zh: '召開會議專題研究「黨建帶群團」工作(會議紀要)', en: 'Hold a meeting dedicated to the party-led mass organisations work (minutes)' },
          due: { kind: 'phase_end' },
          unitTypes: PARTY_UNITS,
          evidence: { required: true, description: { zh: '會議紀要', en: 'Minutes of the meeting' } },
        },
        {
          id: 'mass-org-plan',
          title: { zh: '提出「黨建帶群團」規劃和實施方案', en: 'Draw up the plan and implementation plan for the party-led mass organisations work' },
          due: { kind: 'phase_end' },
          unitTypes: PARTY_UNITS,
          evidence: { required: true, description: { zh: '規劃和實施方案', en: 'The plan and implementation plan' } },
        },
        {
          id: 'mass-org-publicity',
          title: { zh: '宣傳「黨建帶群團,共同得實惠」', en: 'Publicise “party-led mass organisations, benefits for all”' },
          description: {
            zh: '利用廣播、標語、板報等形式,喊響「黨建帶群團,共同得實惠」口號。',
            en: 'Spread the slogan by broadcasts, banners and blackboards.',
          },
          due: { kind: 'phase_end' },
          unitTypes: PARTY_UNITS,
        },
        {
          id: 'union-three-compare-three-create',
          title: { zh: '工會「三比三創」活動', en: 'Union: “three comparisons, three creations”' },
          description: {
            zh: '比技術創新、比管理水平、比節能降耗,創誠信企業、創示範窗口、創服務品牌;創建「先進職工之家」、「先進基層工會」。',
            en: 'Compare technical innovation, management and energy saving; create honest enterprises, model windows and service brands; build “advanced workers’ homes” and “advanced grassroots unions”.',
          },
          due: { kind: 'phase_end' },
          unitTypes: ['union'],
        },
        {
          id: 'youth-league-vanguard',
          title: { zh: '共青團「爭當青年先鋒」活動', en: 'Youth league: “be a youth vanguard”' },
          description: {
            zh: '爭當青年先鋒,建功XX強鄉;爭當「創業、創新、創先」標兵,培養「紅旗團委」、「紅旗團支部」。',
            en: 'Be youth vanguards and make the township strong; be models of enterprise, innovation and excellence; build “red-flag” league committees and branches.',
          },
          due: { kind: 'phase_end' },
          unitTypes: ['youth_league'],
        },
        {
          id: 'womens-federation-pioneer',
          title: { zh: '婦聯「爭創巾幗時代先鋒」活動', en: 'Women’s federation: “women pioneers of the age”' },
          description: {
            zh: '學知識、學技能、爭創巾幗時代先鋒;實施巾幗創業建功行動,開展和諧文明家庭創建。',
            en: 'Learn knowledge and skills, strive to be women pioneers; run the women’s enterprise action and the harmonious civilised family campaign.',
          },
          due: { kind: 'phase_end' },
          unitTypes: ['womens_federation'],
        },
        // Piece 3 is such a report for the year; every unit, party or mass
        // organisation, reports (聯席會議制度,定期聽取工作匯報).
        {
          id: 'mass-org-annual-report',
          title: { zh: '「黨建帶群團」工作情況匯報', en: 'Annual report on the party-led mass organisations work' },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '工作情況匯報', en: 'The work report' } },
        },
      ],
    },
    {
      id: 'organisation-building-year',
      name: { zh: '基層組織建設年', en: 'Year of grassroots organisation building' },
      summary: {
        zh: '2012年:迎接黨的十八大,在創先爭優活動中開展「基層組織建設年」。',
        en: '2012: welcome the 18th Party Congress; the year of grassroots organisation building within the campaign.',
      },
      window: { start: '2012-03-20', end: '2012-12-31' },
      tasks: [
        // 雙向承諾, 公開承諾面達100%. No date in the seed; chosen: within 30 days.
        {
          id: 'two-way-commitment',
          title: { zh: '創先爭優「雙向承諾」、公開承諾', en: 'Two-way commitments made in public' },
          description: {
            zh: '黨支部和黨員立足崗位向鎮黨委和本級黨員幹部群眾公開承諾,通過黨員幹部會議、黨務公開欄、廣播等面向社會公開,公開承諾面達100%。',
            en: 'Branches and members commit publicly to the town committee and to the members and masses, published through meetings, party-affairs boards and broadcasts; every branch and member commits.',
          },
          due: { kind: 'after_phase_start', days: 30 },
          unitTypes: PARTY_UNITS,
          evidence: { required: true, description: { zh: '承諾公開材料', en: 'Proof of the published commitments' } },
        },
        // "七一前集中表彰一批創先爭優先進集體和個人": recommendations due the day
        // before July 1, 2012, like the other seeds.
        {
          id: 'exemplar-recommendation-2012',
          title: { zh: '推薦創先爭優先進集體和個人(七一表彰)', en: 'Recommend advanced collectives and individuals for the July 1 commendation' },
          due: { kind: 'milestone', milestone: 'july-1', year: 2012, offsetDays: -1 },
          evidence: { required: true, description: { zh: '推薦材料', en: 'Recommendation materials' } },
        },
        {
          id: 'results-exhibition',
          title: { zh: '黨建惠民成果大展示(「迎接十八大,展示新成果」)', en: 'Exhibition of party building’s benefits to the people (“welcome the 18th Congress, show new results”)' },
          due: { kind: 'milestone', milestone: 'party-congress-18', offsetDays: -1 },
          unitTypes: PARTY_UNITS,
        },
        {
          id: 'three-year-summary',
          title: { zh: '總結三年來創先爭優活動的典型經驗和做法', en: 'Sum up the exemplary experience and practice of three years of the campaign' },
          due: { kind: 'milestone', milestone: 'party-congress-18', offsetDays: -1 },
          unitTypes: PARTY_UNITS,
          evidence: { required: true, description: { zh: '總結材料', en: 'The summary' } },
        },
        {
          id: 'mass-org-co-building-report',
          title: { zh: '黨建帶工建、團建、婦建創先爭優情況', en: 'Report of the mass organisation on its part in the campaign' },
          due: { kind: 'phase_end' },
          unitTypes: MASS_ORGANISATIONS,
        },
        // 三分類三升級 is yearly; the unit reports its upgrade at the end of the year.
        {
          id: 'classification-upgrade-report',
          title: { zh: '「三分類三升級」升級轉化情況', en: '“Three grades, three upgrades”: report on the unit’s upgrade or transformation' },
          due: { kind: 'phase_end' },
          unitTypes: PARTY_UNITS,
        },
        // "及時貫徹落實黨的十八大……精神": after the Congress; the seed gives no
        // number of days, 30 is chosen.
        {
          id: 'study-congress-spirit',
          title: { zh: '學習貫徹黨的十八大精神', en: 'Study and carry out the spirit of the 18th Party Congress' },
          due: { kind: 'milestone', milestone: 'party-congress-18', offsetDays: 30 },
          unitTypes: PARTY_UNITS,
          evidence: { required: true, description: { zh: '學習培訓記錄', en: 'Study and training records' } },
        },
      ],
    },
  ],
  // The seed names no 點評 frequency, only regularly hearing work reports
  // (定期聽取工作匯報); chosen: quarterly in both years.
  pointReviews: [
    { phase: 'party-led-mass-organisations', every: 'quarterly' },
    { phase: 'organisation-building-year', every: 'quarterly' },
  ],
  // 分行業、分類別 (piece 4) and the mass organisations' carriers (piece 3).
  // 「兩新」組織 (new economic and social organisations) map to non-public
  // enterprises; "文化、衛生、教育等行業" to schools and health services.
  unitThemes: {
    village_company: {
      zh: '「民情通暢、運行通暢、服務通暢」工程,「四創一評」,引導農村黨員爭當創業先鋒',
      en: 'The “open channels for people’s views, operation and service” programme and “four creations, one evaluation”: rural members lead in enterprise',
    },
    community: { zh: '「文明和諧社區」建設,社區黨建規範行動,「兩報到一爭創」', en: 'A civilised, harmonious community; standard party work in communities; “two registrations, one striving”' },
    agency: { zh: '機關黨建「走前頭」,黨組織「三創」、黨員幹部「三進三同三促」', en: 'Agency party work “leads the way”: “three creations” for units, “three entries, three togethers, three promotions” for cadres' },
    non_public_enterprise: { zh: '「兩新」組織「四創」、「三亮三有四落實」', en: 'New economic and social organisations: “four creations” and “three shows, three haves, four implementations”' },
    school: { zh: '文化、衛生、教育等行業「三強三爭」', en: 'Culture, health and education: “three strengthenings, three strivings”' },
    health_service: { zh: '文化、衛生、教育等行業「三強三爭」', en: 'Culture, health and education: “three strengthenings, three strivings”' },
    union: {
      zh: '「三比三創」:比技術創新、比管理水平、比節能降耗,創誠信企業、創示範窗口、創服務品牌',
      en: '“Three comparisons, three creations”: technical innovation, management, energy saving; honest enterprises, model windows, service brands',
    },
    youth_league: { zh: '爭當青年先鋒,建功XX強鄉', en: 'Be a youth vanguard, build a strong township' },
    womens_federation: { zh: '學知識、學技能、爭創巾幗時代先鋒', en: 'Learn knowledge and skills, strive to be women pioneers of the age' },
  },
  classificationTargets: { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 },
  ...SEED_001_SUPERVISION,
};

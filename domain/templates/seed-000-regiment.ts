/**
 * Seed 000: a regiment's (團場) 《基層黨組織和黨員創先爭優實施方案》: the year's
 * campaign in three steps (本年度主要分三個步驟進行), under the theme
 * 「筑牢堡壘打造先鋒隊伍,創先爭優推動經濟發展」.
 *
 * Interpretations:
 * - "2010年5月中旬" (the middle ten days of May) is taken as 2010-05-15.
 * - "2011年3月前……重點開展五項工作": the five tasks of the summary phase are due
 *   on 2011-02-28, the last day before March (2011 is not a leap year).
 * - The fifth of those, 電視宣講 (a travelling report group on television), is
 *   organised by the regiment itself, not by each unit, so it is not a unit task.
 * - Tasks without a date of their own in the seed are due at the end of their phase.
 * - The seed names both nodes (迎接建黨90周年、向黨的十八大獻禮) though this
 *   year's plan ends before either; they are kept as milestones.
 * - Escalation: the seed only says 及時提出批評,督促限期整改; the default
 *   ladder is kept. Reminders and the public notice (公示) length: not given;
 *   defaults kept.
 */
import type { PlanInput } from '../plan';
import { SEED_000_COMMITMENTS } from './commitments';
import { SEED_000_SCORING } from './scoring';
import { SEED_000_SUPERVISION } from './supervision-schedules';
import { SEED_000_COMMENDATION } from './commendation';

export const SEED_000_REGIMENT: PlanInput = {
  id: 'seed-000-regiment',
  name: {
    zh: '基層黨組織和黨員創先爭優實施方案(團場)',
    en: 'Implementation plan of a regiment for striving for excellence among grassroots party units and members',
  },
  source: '000_c94852b446af3105.txt',
  ...SEED_000_COMMITMENTS,
  ...SEED_000_SCORING,
  ...SEED_000_COMMENDATION,
  milestones: [
    { id: 'july-1', name: { zh: '七一(黨的生日)', en: 'July 1, founding day of the Party' }, kind: 'yearly', month: 7, day: 1 },
    { id: 'party-90th-anniversary', name: { zh: '建黨90周年', en: '90th anniversary of the founding of the Party' }, kind: 'fixed', date: '2011-07-01' },
    { id: 'party-congress-18', name: { zh: '黨的十八大召開', en: 'Opening of the 18th National Party Congress' }, kind: 'to_be_set' },
  ],
  phases: [
    {
      id: 'arrangement',
      name: { zh: '安排部署', en: 'Arrangement' },
      window: { start: '2010-05-15', end: '2010-05-31' },
      tasks: [
        {
          id: 'mobilization-meeting',
          title: { zh: '召開動員大會(會議紀要)', en: 'Hold a mobilization meeting (minutes)' },
          description: {
            zh: '召開動員大會,進行安排部署,搞好宣傳發動,明確第一責任人和主要負責人。',
            en: 'Hold a mobilization meeting to arrange the work and publicise it, naming the first responsible person and the persons in charge.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '會議紀要', en: 'Minutes of the meeting' } },
        },
        {
          id: 'implementation-plan',
          title: { zh: '制定並公示創先爭優活動實施方案', en: 'Draw up and publicly post the unit’s implementation plan' },
          description: {
            zh: '結合實際制定實施方案,對黨組織和黨員參加活動提出明確目標和具體要求;活動方案要公示;把學習實踐活動整改落實後續工作納入其中。',
            en: 'Draw up an implementation plan with clear goals and concrete requirements for the unit and its members, post it publicly, and include the follow-up rectification of the study campaign.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '實施方案及公示材料', en: 'The plan and proof of its public posting' } },
        },
        {
          id: 'public-commitment',
          title: { zh: '向群眾公布、公開承諾', en: 'Publish to the masses and make public commitments' },
          description: {
            zh: '採取適當方式向群眾公布,進行承諾,接受群眾監督。',
            en: 'Publish by suitable means, make commitments and accept the supervision of the masses.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'organised-study',
          title: { zh: '組織學習', en: 'Organise study of the documents' },
          description: {
            zh: '認真學習相關文件和總書記的重要講話,以及團領導在創先爭優動員大會上的重要講話。',
            en: 'Study the relevant documents, the General Secretary’s speech and the regiment leaders’ speeches at the mobilization meeting.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '學習記錄', en: 'Study records' } },
        },
      ],
    },
    {
      id: 'advancement',
      name: { zh: '扎實推進', en: 'Solid advancement' },
      window: { start: '2010-06-01', end: '2010-12-31' },
      tasks: [
        {
          id: 'party-spirit-education',
          title: { zh: '「黨性教育」活動', en: '“Party-spirit education” activity' },
          description: {
            zh: '2010年「七一」前開展重溫入黨誓詞、回顧黨的成就、學習黨的政策等學習活動;黨員領導幹部帶頭上黨課。',
            en: 'Before July 1, 2010: retake the oath of admission, review the Party’s achievements, study its policies; leading cadres give party lessons themselves.',
          },
          due: { kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 },
        },
        {
          id: 'post-dedication',
          title: { zh: '「崗位奉獻」活動', en: '“Dedication at the post” activity' },
          description: {
            zh: '以「職工素質教育培訓工程」為抓手,組織黨員開展業務練兵、勞動競賽、科技創新等活動。',
            en: 'Through the staff training programme, organise skills drills, labour contests and innovation.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'serve-the-masses',
          title: { zh: '「服務群眾」活動', en: '“Serving the masses” activity' },
          description: {
            zh: '深化「五百」活動,組織黨員開展志願服務、結對幫扶、走訪慰問等活動。',
            en: 'Deepen the “five hundreds” activity; organise volunteer service, paired assistance and visits.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'organisational-innovation',
          title: { zh: '「組織創新」活動', en: '“Organisational innovation” activity' },
          description: {
            zh: '通過佩戴黨徽、黨員示範戶、黨員先鋒崗、黨員責任區等形式把黨員身份亮出來;探索和總結優秀黨建案例。',
            en: 'Show members’ identity through the party badge, model households, vanguard posts and responsibility areas; find and sum up good cases of party work.',
          },
          due: { kind: 'phase_end' },
        },
        // 組織領導 (三): "各黨支部結合「十星黨員」考核標準,制定對本單位黨員的量化考核辦法,並負責實施考核".
        {
          id: 'member-scoring-rules',
          title: { zh: '制定黨員量化考核辦法(「十星黨員」)', en: 'Adopt rules for quantitative scoring of members (“ten-star member”)' },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '量化考核辦法', en: 'The scoring rules' } },
        },
      ],
    },
    {
      id: 'summary-commendation',
      name: { zh: '總結表彰', en: 'Summary and commendation' },
      summary: { zh: '2011年3月前重點開展五項工作。', en: 'The main work is done before March 2011.' },
      window: { start: '2011-01-01', end: '2011-06-30' },
      tasks: [
        {
          id: 'campaign-summary',
          title: { zh: '搞好總結', en: 'Write the summary' },
          description: {
            zh: '採取群眾評議、民意調查等形式,對開展創先爭優活動進行系統總結,總結經驗、查找不足,研究制定改進措施。',
            en: 'Through mass evaluation and opinion surveys, sum up the campaign, its experience and shortcomings, and work out improvements.',
          },
          due: { kind: 'date', date: '2011-02-28' },
          evidence: { required: true, description: { zh: '總結報告及群眾評議、民意調查結果', en: 'The summary with the results of the mass evaluation and surveys' } },
        },
        {
          id: 'commendation-recommendation',
          title: { zh: '評選表彰:推薦先進基層黨組織、優秀共產黨員、優秀黨務工作者', en: 'Selection for commendation: recommend advanced units, excellent members and excellent party workers' },
          description: {
            zh: '定性評價與量化考評相結合,自下而上、分級評選,分推薦、考核、審定、公示、表彰五個步驟。',
            en: 'Qualitative evaluation combined with quantitative scoring, bottom-up and level by level, in five steps: recommend, assess, approve, publicly notify, commend.',
          },
          due: { kind: 'date', date: '2011-02-28' },
          evidence: { required: true, description: { zh: '推薦材料', en: 'Recommendation materials' } },
        },
        {
          id: 'results-exhibition',
          title: { zh: '展示成果', en: 'Show the results' },
          description: {
            zh: '通過專題片、圖片展、座談研討會、匯編典型材料等形式集中展示活動成果。',
            en: 'Show the results through a documentary, a photo exhibition, seminars and a collection of exemplary materials.',
          },
          due: { kind: 'date', date: '2011-02-28' },
        },
        {
          id: 'standing-mechanisms',
          title: { zh: '完善機制', en: 'Fix what worked into standing rules' },
          description: {
            zh: '對行之有效的做法以制度的形式固定下來,形成創先爭優的長效機制。',
            en: 'Turn practices that proved effective into rules, forming a lasting mechanism.',
          },
          due: { kind: 'date', date: '2011-02-28' },
        },
      ],
    },
  ],
  // The seed asks for "定期點評" and leaders' "適時進行點評" without a frequency.
  // Chosen: quarterly in the seven-month advancement phase, once in the summary.
  pointReviews: [
    { phase: 'advancement', every: 'quarterly' },
    { phase: 'summary-commendation', every: 'once' },
  ],
  // 實施分類指導: the themes as the seed gives them. Its extra line for party units
  // in minority and religious areas is not a unit type: it is a tag theme (supervision-schedules.ts).
  unitThemes: {
    village_company: { zh: '建設文明生態連、黨員爭先鋒模範', en: 'Build a civilised, ecological company; members strive to be vanguards and models' },
    agency: {
      zh: '堅持三服務一促進,爭創三優一滿意機關(「五比五創」)',
      en: 'Three services and one promotion; an agency of three excellences and one satisfaction (“five comparisons, five creations”)',
    },
    community: { zh: '提升服務水平、構建和諧社區', en: 'Raise the level of service, build a harmonious community' },
    school: { zh: '爭創優質教學、構建和諧校園(「三樹立三爭當」)', en: 'Strive for quality teaching, build a harmonious campus (“three establishments, three strivings”)' },
    health_service: { zh: '服務群眾、奉獻社會(「三注重三爭做」)', en: 'Serve the masses, dedicate to society (“three emphases, three strivings”)' },
    non_public_enterprise: {
      zh: '服務建設有中國特色社會主義事業(「兩為三爭當」)',
      en: 'Serve the building of socialism with Chinese characteristics (“two fors, three strivings”)',
    },
  },
  ...SEED_000_SUPERVISION,
};

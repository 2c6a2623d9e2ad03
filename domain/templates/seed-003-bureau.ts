/**
 * Seed 003: 中共甘肅煤田地質局委員會《深入開展創先爭優活動實施方案》(2010–2012).
 * The fullest plan of the seeds and the default four-phase shape (see
 * shared/docs/domain.md). The seed is written in simplified characters; the zh
 * texts keep its wording in traditional characters, like the rest of the
 * service's vocabulary (domain/labels.ts).
 *
 * Interpretations (the seed does not say it in so many words):
 * - "2010年5月中旬" (the middle ten days of May) is taken as 2010-05-15.
 * - The plan itself is dated 2010-06-28, after its own first phase; the windows
 *   are kept as the plan states them.
 * - Tasks without a date of their own in the seed are due at the end of their
 *   phase (`phase_end`).
 * - Escalation: the seed's 限期整改 → 通報批評 → 問責 is what the default ladder
 *   encodes, so the default is kept (the field is left out).
 * - Reminders: the seed names none; the default (7 and 1 days before) is kept.
 * - Public notice (公示): the seed gives no length; the default is kept.
 */
import type { PlanInput } from '../plan';
import { SEED_003_COMMITMENTS } from './commitments';
import { SEED_003_SCORING } from './scoring';
import { SEED_003_SUPERVISION } from './supervision-schedules';
import { SEED_003_COMMENDATION } from './commendation';

export const SEED_003_BUREAU: PlanInput = {
  id: 'seed-003-bureau',
  name: {
    zh: '中共甘肅煤田地質局委員會深入開展創先爭優活動實施方案',
    en: 'Implementation plan of the Gansu Coal Geology Bureau party committee for the striving-for-excellence campaign',
  },
  source: '003_9dcdbbc46c15fef6.txt',
  ...SEED_003_COMMITMENTS,
  ...SEED_003_SCORING,
  ...SEED_003_COMMENDATION,
  // 示範帶動、整改提高: unfinished rectification items go under listed supervision (掛牌督辦) when this phase ends.
  rectification: { listOpenItemsAtEndOf: 'demonstration' },
  milestones: [
    { id: 'july-1', name: { zh: '七一(黨的生日)', en: 'July 1, founding day of the Party' }, kind: 'yearly', month: 7, day: 1 },
    { id: 'party-90th-anniversary', name: { zh: '建黨90周年', en: '90th anniversary of the founding of the Party' }, kind: 'fixed', date: '2011-07-01' },
    // "向黨的十八大獻禮": the date was not known in 2010; the office sets it later.
    { id: 'party-congress-18', name: { zh: '黨的十八大召開', en: 'Opening of the 18th National Party Congress' }, kind: 'to_be_set' },
  ],
  phases: [
    {
      id: 'mobilization',
      name: { zh: '廣泛發動、安排部署', en: 'Broad mobilization and arrangement' },
      window: { start: '2010-05-15', end: '2010-05-31' },
      tasks: [
        {
          id: 'mobilization-meeting',
          title: { zh: '召開黨員大會動員部署(動員大會紀要)', en: 'Hold a party members’ mobilization meeting (minutes of the mobilization meeting)' },
          description: {
            zh: '局、隊、所、院要召開黨員大會,進行安排部署,搞好宣傳發動。',
            en: 'The bureau, teams, institutes and academies hold a party members’ meeting to arrange the work and publicise and mobilise.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '會議紀要', en: 'Minutes of the meeting' } },
        },
        {
          id: 'implementation-plan',
          title: { zh: '制定本單位創先爭優活動實施方案', en: 'Draw up the unit’s implementation plan for the campaign' },
          description: {
            zh: '結合實際制定本單位實施方案,明確目標任務和方法步驟,把學習實踐活動整改落實後續工作納入其中。',
            en: 'Draw up the unit’s own implementation plan, stating goals, tasks, methods and steps, including the follow-up rectification work of the Scientific Outlook on Development study campaign.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '實施方案文本', en: 'The implementation plan' } },
        },
        {
          id: 'public-commitment',
          title: { zh: '向群眾公布方案、公開承諾', en: 'Publish the plan to the masses and make public commitments' },
          description: {
            zh: '採取適當方式向群眾公布,進行承諾,接受群眾監督。',
            en: 'Publish the plan by suitable means, make commitments and accept the supervision of the masses.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '公布及承諾材料', en: 'Proof of publication and the commitments' } },
        },
        {
          id: 'organised-study',
          title: { zh: '組織學習', en: 'Organise study of the documents' },
          description: {
            zh: '認真學習胡錦濤總書記在全黨深入學習實踐科學發展觀活動總結大會上的重要講話和中組部、中宣部《關於在黨的基層組織和黨員中深入開展創先爭優活動的意見》等相關文件。',
            en: 'Study General Secretary Hu Jintao’s speech at the closing meeting of the Scientific Outlook on Development study campaign and the Central Organisation and Publicity Departments’ opinion on the campaign, among other documents.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '學習記錄', en: 'Study records' } },
        },
      ],
    },
    {
      id: 'advancement',
      name: { zh: '全面爭創、扎實推進', en: 'All-round striving and solid advancement' },
      window: { start: '2010-06-01', end: '2011-06-30' },
      tasks: [
        // 「五項活動」 (規定動作). 黨性教育: the seed dates the party-spirit analysis
        // "今年「七一」前夕" (just before July 1, 2010). The 「三個一」 carrier has no
        // date of its own; it is read as part of the same activity leading to that
        // July 1, as domain.md does.
        {
          id: 'party-spirit-three-ones',
          title: { zh: '黨性教育「三個一」活動', en: 'Party-spirit education: the “three ones”' },
          description: {
            zh: '重溫一遍入黨誓詞、上一堂生動的特殊黨課、組織一次有實際效果的活動。',
            en: 'Retake the oath of admission once, hold one lively special party lesson, organise one activity with practical effect.',
          },
          due: { kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 },
        },
        {
          id: 'party-spirit-analysis-report',
          title: { zh: '黨性分析報告', en: 'Party-spirit analysis reports' },
          description: {
            zh: '「七一」前夕集中一定時間組織黨員進行一次黨性分析,在職在崗黨員撰寫黨性分析報告。',
            en: 'Before July 1, set time aside for a party-spirit analysis; every serving party member writes a party-spirit analysis report.',
          },
          due: { kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 },
          evidence: { required: true, description: { zh: '在職在崗黨員的黨性分析報告', en: 'The reports of the serving members' } },
        },
        {
          id: 'mass-evaluation-of-members',
          title: { zh: '組織群眾對黨員進行評議', en: 'Have the masses evaluate the party members' },
          due: { kind: 'milestone', milestone: 'july-1', year: 2010, offsetDays: -1 },
          evidence: { required: true, description: { zh: '群眾評議結果', en: 'Results of the mass evaluation' } },
        },
        {
          id: 'post-dedication',
          title: { zh: '「崗位奉獻」活動', en: '“Dedication at the post” activity' },
          description: {
            zh: '圍繞中心工作組織黨員開展業務練兵、技術比武、科技創新等活動,在本職崗位上創一流業績。',
            en: 'Around the unit’s central work, organise skills drills, technical contests and innovation so that members achieve first-class results at their posts.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'serve-the-masses',
          title: { zh: '「服務群眾」活動', en: '“Serving the masses” activity' },
          description: {
            zh: '組織黨員開展志願服務、結對幫扶、師帶徒、走訪慰問等活動,幫助群眾解決工作生活中的實際問題。',
            en: 'Organise volunteer service, paired assistance, mentoring and visits so that members help the masses with practical problems of work and life.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'show-the-badge',
          title: { zh: '「亮牌示範」活動', en: '“Showing the badge” activity' },
          description: {
            zh: '在職在崗黨員上班佩戴黨徽,機關設立黨員示範窗口,會戰生產一線和多經實體設立黨員先鋒崗、黨員責任區。',
            en: 'Serving members wear the party badge at work; agencies set up party-member model windows; front-line production and diversified-economy entities set up vanguard posts and responsibility areas.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'organisational-innovation',
          title: { zh: '「組織創新」活動', en: '“Organisational innovation” activity' },
          description: {
            zh: '推進黨建工作基本隊伍、基本陣地、基本制度、基本載體和基本保障建設,完善黨建工作述職、考核、評議制度。',
            en: 'Build the basic team, venues, rules, carriers and support of party work; improve the reporting, assessment and evaluation rules of party work.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'own-initiative-activities',
          title: { zh: '自選動作', en: 'The unit’s own activities' },
          description: { zh: '鼓勵各單位創新自選動作。', en: 'Units are encouraged to devise activities of their own.' },
          required: false,
          due: { kind: 'phase_end' },
          evidence: { required: false },
        },
        // The seed lists this under phase 3 (「到建黨90周年時」), but the 90th
        // anniversary (2011-07-01) is phase 3's first day: a recommendation due
        // by then falls in phase 2's window, so it is placed here.
        {
          id: 'exemplar-recommendation-90th',
          title: { zh: '推薦先進基層黨組織和優秀共產黨員典型(建黨90周年表彰)', en: 'Recommend exemplary party units and members for commendation at the 90th anniversary' },
          description: {
            zh: '到建黨90周年時,樹立和表彰一批帶動效應強的先進基層黨組織和優秀共產黨員典型。',
            en: 'By the Party’s 90th anniversary, set up and commend a group of advanced party units and excellent members with strong pull.',
          },
          due: { kind: 'milestone', milestone: 'party-90th-anniversary', offsetDays: -1 },
          evidence: { required: true, description: { zh: '推薦材料', en: 'Recommendation materials' } },
        },
      ],
    },
    {
      id: 'demonstration',
      name: { zh: '示範帶動、整改提高', en: 'Demonstration and rectification' },
      window: { start: '2011-07-01', end: '2012-06-30' },
      tasks: [
        {
          id: 'learn-from-exemplars',
          title: { zh: '學榜樣、趕先進:找差距、定目標、抓提高', en: 'Learn from the exemplars: find the gaps, set targets, improve' },
          description: {
            zh: '組織多種形式的學榜樣、趕先進活動,規範提高中間狀態基層黨組織。',
            en: 'Organise activities to learn from the models and catch up with the advanced; raise the standard of middling party units.',
          },
          due: { kind: 'phase_end' },
        },
        // Every unit reports; which units are lagging is decided by the
        // classification step, which the plan schema cannot target (see report).
        {
          id: 'rectify-lagging',
          title: { zh: '整頓轉化後進基層黨組織、教育幫扶後進黨員', en: 'Rectify and transform lagging party units; educate and help lagging members' },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '整頓轉化情況報告', en: 'Report on the rectification' } },
        },
        {
          id: 'outstanding-rectification-items',
          title: { zh: '學習實踐活動未完成整改承諾逐一落實兌現', en: 'Fulfil, one by one, the outstanding rectification commitments of the study campaign' },
          description: {
            zh: '對整改方案作出承諾而尚未完成的工作,採取掛牌督辦、跟蹤問效等手段,逐一落實兌現。',
            en: 'Work committed to in the rectification plan but not yet done is put under listed supervision and tracked until fulfilled.',
          },
          due: { kind: 'phase_end' },
        },
        // "2012年「七一」前後,中央和省委將專項表彰……我局要精心準備,樹立和上報表彰一批先進典型":
        // the report upwards is taken as due before that July 1, which is also
        // the last day of this phase.
        {
          id: 'report-exemplars-2012',
          title: { zh: '樹立和上報表彰先進典型', en: 'Put forward exemplars for the central and provincial commendation' },
          due: { kind: 'milestone', milestone: 'july-1', year: 2012, offsetDays: -1 },
          evidence: { required: true, description: { zh: '上報材料', en: 'Materials reported upwards' } },
        },
      ],
    },
    {
      id: 'summary',
      name: { zh: '系統總結、完善機制', en: 'Systematic summary and improvement of mechanisms' },
      window: { start: '2012-07-01', end: { milestone: 'party-congress-18', offsetDays: -1 } },
      tasks: [
        {
          id: 'results-exhibition',
          title: { zh: '展示成果', en: 'Show the results' },
          description: {
            zh: '通過舉辦創先爭優活動圖片展、「機關作風建設年」活動成果展等形式,集中展示活動成果。',
            en: 'Show the campaign’s results through a photo exhibition, an exhibition of the “year of agency work style” and similar.',
          },
          due: { kind: 'phase_end' },
        },
        {
          id: 'campaign-summary',
          title: { zh: '系統總結創先爭優活動', en: 'Write the systematic summary of the campaign' },
          description: {
            zh: '認真總結經驗、查找不足,進一步研究制定改進措施。',
            en: 'Sum up the experience, find the shortcomings and work out measures for improvement.',
          },
          due: { kind: 'milestone', milestone: 'party-congress-18', offsetDays: -1 },
          evidence: { required: true, description: { zh: '總結報告', en: 'The summary report' } },
        },
        {
          id: 'assessment-and-review',
          title: { zh: '考核評議', en: 'Assessment and review' },
          description: {
            zh: '上級黨組織進行考核,並組織黨員、群眾進行評議;評議情況建立專項台帳,作為評先評優的重要依據。',
            en: 'The superior assesses the unit and has members and the masses evaluate it; the results go into a dedicated ledger that is the basis for commendation.',
          },
          due: { kind: 'phase_end' },
          evidence: { required: true, description: { zh: '黨員、群眾評議結果', en: 'Results of the member and mass evaluation' } },
        },
        {
          id: 'standing-mechanisms',
          title: { zh: '完善機制', en: 'Fix what worked into standing rules' },
          description: {
            zh: '對行之有效的做法用制度的形式固定下來,形成創先爭優的長效機制。',
            en: 'Turn practices that proved effective into rules, forming a lasting mechanism.',
          },
          due: { kind: 'phase_end' },
        },
      ],
    },
  ],
  // The seed asks campaign leaders to visit their contact points "定期" (regularly)
  // without a frequency, and names the superior's 點評 in the summary phase. Chosen:
  // quarterly while the campaign runs (phases 2 and 3), once in the summary.
  pointReviews: [
    { phase: 'advancement', every: 'quarterly' },
    { phase: 'demonstration', every: 'quarterly' },
    { phase: 'summary', every: 'once' },
  ],
  // The seed has no 分類指導 section. It names the bureau's agencies (機關, with the
  // "機關作風建設年") and the production front line / diversified-economy entities
  // of its teams and institutes, read here as state enterprises, under the
  // bureau-wide theme.
  unitThemes: {
    agency: {
      zh: '「機關作風建設年」:打造一流隊伍、培育一流作風、創造一流業績、樹立一流形象',
      en: '“Year of agency work style”: a first-class team, style, record and image',
    },
    state_enterprise: {
      zh: '服務中心、建設隊伍、科學發展',
      en: 'Serve the central task, build the team, develop scientifically',
    },
  },
  ...SEED_003_SUPERVISION,
};

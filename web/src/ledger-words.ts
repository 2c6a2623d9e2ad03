/** The ledger's event kinds in words, Chinese first; an unlisted kind shows as itself. */
const WORDS: Record<string, string> = {
  'unit.started': '單位啟動 unit started',
  'task.opened': '任務開放 task opened',
  'task.submitted': '提交材料 submitted',
  'task.approved': '審核通過 approved',
  'task.rejected': '退回 rejected',
  'task.escalated': '升級督促 escalated',
  'milestone.set': '節點調整 milestone set',
  'deadline.amended': '期限調整 deadline amended',
  'extension.requested': '申請延期 extension requested',
  'extension.decided': '延期決定 extension decided',
  'review.given': '點評 point review',
  'rectification.opened': '整改開啟 rectification opened',
  'rectification.reported': '整改報告 rectification reported',
  'rectification.verified': '整改驗收 rectification verified',
  'campaign.defined': '活動定義 campaign defined',
};

export const describeEntry = (kind: string) => WORDS[kind] ?? kind;
/** Escalations: a rung reached (提醒 → 預警 → 通報 → 約談). */
export const isEscalation = (kind: string) => kind.includes('escalat') || kind.startsWith('rung.') || kind.startsWith('ladder.');

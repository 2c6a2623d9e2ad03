/** The ledger's event kinds in words, Chinese first; an unlisted kind shows as itself. */
const WORDS: Record<string, string> = {
  'unit.started': '單位啟動 unit started',
  'unit.late_start': '延後啟動 late start',
  'unit.completed': '活動完成 completed',
  'unit.classified': '分類評定 classified',
  'task.opened': '任務開放 task opened',
  'task.submitted': '提交材料 submitted',
  'task.approved': '審核通過 approved',
  'task.rejected': '退回 rejected',
  'task.reminded': '提醒 reminded',
  'task.overdue': '逾期 overdue',
  'escalation.rung': '升級督促 escalated',
  'milestone.set': '節點調整 milestone set',
  'deadline.amended': '期限調整 deadline amended',
  'extension.requested': '申請延期 extension requested',
  'extension.granted': '同意延期 extension granted',
  'extension.refused': '不同意延期 extension refused',
  'review.given': '點評 point review',
  'review.chased': '催辦點評 review chased',
  'rectification.opened': '整改開啟 rectification opened',
  'rectification.reported': '整改報告 rectification reported',
  'rectification.sent_back': '整改退回 rectification sent back',
  'rectification.verified': '整改驗收 rectification verified',
  'first_responsible.named': '第一責任人 first responsible named',
};

export const describeEntry = (kind: string) => WORDS[kind] ?? kind;

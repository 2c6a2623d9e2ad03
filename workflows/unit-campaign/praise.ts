/**
 * 通報表揚 for a phase done on time (issue 14): when the plan asks for it
 * (`commendation.praiseOnTimePhases`), a unit that ends a phase with every task
 * of it approved and none ever recorded overdue is praised: a ledger row
 * `praise.circulated` and a notice to its secretary, its supervisor and the
 * office, the counterpart of the ladder's 通報批評.
 */
import type { LedgerEntryDraft } from '../../activities';
import { PRAISE, PRAISE_REASONS, label } from '../../domain/labels';
import type { NotificationDraft } from '../../domain/notifications';
import { entry, hasPatch, notice, type UnitContext } from './context';

/** Appends the praise for the phase at `phaseIndex`, which has just ended, if the unit earned it. */
export function praiseOnTimePhase(ctx: UnitContext, phaseIndex: number, at: number, entries: LedgerEntryDraft[], notifications: NotificationDraft[]): void {
  const phase = ctx.plan.phases[phaseIndex];
  if (!phase || !ctx.plan.commendation?.praiseOnTimePhases) return;
  const tasks = phase.tasks.map((t) => ctx.state.tasks[t.id]).filter((t) => t !== undefined);
  const onTime = tasks.length > 0 && tasks.every((t) => t.status === 'approved' && t.overdueRecorded.length === 0);
  // Runs recorded before praise existed replay without it.
  if (!onTime || !hasPatch(ctx, 'praise-on-time-phases-v1')) return;
  const payload = { phaseId: phase.id, phaseName: phase.name, tasks: tasks.map((t) => t.taskId), label: PRAISE, reason: 'phase_on_time', reasonLabel: PRAISE_REASONS.phase_on_time };
  entries.push(entry(ctx, 'praise.circulated', `praise/phase/${phase.id}`, 'system', payload, at));
  notifications.push(
    notice(
      ctx,
      `praise/phase/${phase.id}`,
      'praise',
      ['secretary', 'supervisor', 'office'],
      {
        subject: `【${label(PRAISE)}】${phase.name.zh} (${phase.name.en})`,
        body: `按時完成「${phase.name.zh}」階段全部 ${tasks.length} 項任務 (${label(PRAISE_REASONS.phase_on_time)})：${tasks.map((t) => t.taskId).join('、')}，予以通報表揚 (circulated praise)。`,
      },
      { phaseId: phase.id, reason: 'phase_on_time' },
    ),
  );
}

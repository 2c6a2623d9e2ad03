/** Classification (三分類): the unit's grade for a round, recorded once. */
import { setHandler } from '@temporalio/workflow';
import { ErrorType } from '../../domain/errors';
import { CLASSIFICATION_GRADES } from '../../domain/labels';
import { laggingItemDescription, laggingItemId } from '../../domain/rectification-ids';
import { workflowNowIso } from '../clock';
import type { ClassificationRecord, ClassificationView, ClassifyUnitInput, ClassifyUnitResult } from '../../contracts';
import { classifyUnitUpdate } from '../../contracts/workflow-handles';
import { openRectificationItems } from '../open-rectification';
import { refuse } from '../refuse';
import { commit } from './commit';
import { entry, hasPatch, itemOpening, refuseIfEnded, type UnitContext } from './context';
import { classificationView } from './view';

/** Own keys only: a round named like an Object.prototype member must not find one. */
const classificationOf = (ctx: UnitContext, round: string): ClassificationRecord | undefined =>
  ctx.state.classifications && Object.hasOwn(ctx.state.classifications, round) ? ctx.state.classifications[round] : undefined;

/**
 * A lagging unit (後進) gets its item `lagging-<round>` at once; the grade
 * recorded first decides, so a repeat returns the same item. (Items were
 * opened by the API before; runs recorded then replay without this.)
 */
async function withLaggingItem(ctx: UnitContext, classification: ClassificationView, input: ClassifyUnitInput): Promise<ClassifyUnitResult> {
  if (!hasPatch(ctx, 'classification-opens-rectification-v1')) return classification;
  if (classification.grade !== 'lagging') return { ...classification, rectification: null };
  const [opened] = await openRectificationItems(itemOpening(ctx), [
    {
      unitId: ctx.unitId,
      itemId: laggingItemId(classification.round),
      description: input.rectification?.description ?? laggingItemDescription(classification.round, classification.basis),
      ...(input.rectification?.dueDate !== undefined ? { dueDate: input.rectification.dueDate } : {}),
      source: 'classification',
      actor: input.actor,
    },
  ]);
  return { ...classification, rectification: opened.view };
}

/** What the ledger and the record carry about the proposal: the proposed grade, its round, overridden, the reason. */
function proposalFields({ grade, proposal, overrideReason }: ClassifyUnitInput) {
  const overridden = proposal ? proposal.grade !== grade : false;
  return { proposedGrade: proposal?.grade ?? null, proposedBy: proposal?.roundId ?? null, overridden, overrideReason: overridden ? (overrideReason ?? null) : null };
}

export function registerClassificationUpdate(ctx: UnitContext): void {
  setHandler(
    classifyUnitUpdate,
    async (input) => {
      const { actor, round, grade, basis } = input;
      // A repeat that raced past the validator finds the first one's record.
      const existing = classificationOf(ctx, round);
      if (existing) return withLaggingItem(ctx, classificationView(existing), input);
      // Issue 13: the grade a score proposed, and whether (and why) it was overridden. Runs recorded before replay without it.
      const proposal = hasPatch(ctx, 'classification-proposes-grade-v1') ? proposalFields(input) : {};
      const record: ClassificationRecord = { round, grade, basis, by: actor, at: workflowNowIso(), ...proposal };
      (ctx.state.classifications ??= {})[round] = record;
      await commit(ctx, [entry(ctx, 'unit.classified', `classification/${round}`, actor, { round, grade, gradeLabel: CLASSIFICATION_GRADES[grade], basis, ...proposal })]);
      return withLaggingItem(ctx, classificationView(record), input);
    },
    {
      validator: ({ round, grade, basis, proposal, overrideReason }: ClassifyUnitInput) => {
        refuseIfEnded(ctx);
        if (!(grade in CLASSIFICATION_GRADES)) refuse(ErrorType.InvalidInput, `grade must be one of ${Object.keys(CLASSIFICATION_GRADES).join(', ')}`);
        if (!basis?.trim()) refuse(ErrorType.InvalidInput, 'say what the classification rests on');
        if (proposal && proposal.grade !== grade && !overrideReason?.trim() && !classificationOf(ctx, round)) {
          const proposed = CLASSIFICATION_GRADES[proposal.grade];
          refuse(ErrorType.InvalidInput, `the score of round ${proposal.roundId} proposes ${proposed.zh} (${proposed.en}); to give another grade, say why in overrideReason`);
        }
        const existing = classificationOf(ctx, round);
        if (existing && existing.grade !== grade) {
          const was = CLASSIFICATION_GRADES[existing.grade];
          refuse(ErrorType.Conflict, `the unit was already classified ${was.zh} (${was.en}) in round ${round} by ${existing.by}; a round's grade is not changed, classify the next round instead`);
        }
      },
    },
  );
}

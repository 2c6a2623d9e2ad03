/** Classification (三分類): the unit's grade for a round, recorded once. */
import { setHandler } from '@temporalio/workflow';
import { ErrorType } from '../../domain/errors';
import { CLASSIFICATION_GRADES } from '../../domain/labels';
import { workflowNowIso } from '../clock';
import { classifyUnitUpdate, type ClassificationRecord } from '../definitions';
import { refuse } from '../refuse';
import { commit } from './commit';
import { entry, refuseIfEnded, type UnitContext } from './context';
import { classificationView } from './view';

/** Own keys only: a round named like an Object.prototype member must not find one. */
const classificationOf = (ctx: UnitContext, round: string): ClassificationRecord | undefined =>
  ctx.state.classifications && Object.hasOwn(ctx.state.classifications, round) ? ctx.state.classifications[round] : undefined;

export function registerClassificationUpdate(ctx: UnitContext): void {
  setHandler(
    classifyUnitUpdate,
    async ({ actor, round, grade, basis }) => {
      // A repeat that raced past the validator finds the first one's record.
      const existing = classificationOf(ctx, round);
      if (existing) return classificationView(existing);
      const record: ClassificationRecord = { round, grade, basis, by: actor, at: workflowNowIso() };
      (ctx.state.classifications ??= {})[round] = record;
      await commit(ctx, [entry(ctx, 'unit.classified', `classification/${round}`, actor, { round, grade, gradeLabel: CLASSIFICATION_GRADES[grade], basis })]);
      return classificationView(record);
    },
    {
      validator: ({ round, grade, basis }) => {
        refuseIfEnded(ctx);
        if (!(grade in CLASSIFICATION_GRADES)) refuse(ErrorType.InvalidInput, `grade must be one of ${Object.keys(CLASSIFICATION_GRADES).join(', ')}`);
        if (!basis?.trim()) refuse(ErrorType.InvalidInput, 'say what the classification rests on');
        const existing = classificationOf(ctx, round);
        if (existing && existing.grade !== grade) {
          const was = CLASSIFICATION_GRADES[existing.grade];
          refuse(ErrorType.Conflict, `the unit was already classified ${was.zh} (${was.en}) in round ${round} by ${existing.by}; a round's grade is not changed, classify the next round instead`);
        }
      },
    },
  );
}

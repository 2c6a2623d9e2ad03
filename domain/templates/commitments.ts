/**
 * The seeds' public commitments (公開承諾, 承諾踐諾; issue 13), one spread per
 * seed template. Where a seed gives no figure, the choice is said beside it.
 */
import type { CommitmentsPlanInput } from '../plan-commitments';

/** Seed 000 (regiment): 向群眾公布，進行承諾，接受群眾監督; 活動效果要讓群眾評判. */
export const SEED_000_COMMITMENTS: { commitments: CommitmentsPlanInput } = {
  commitments: {
    // 黨組織和黨員向群眾作出公開承諾: every unit and member, so 100 %.
    coverageTargetPercent: 100,
    remindDaysBefore: [7, 1],
    // Chosen: the seed has no 示範帶動 phase; what is unfulfilled when the
    // advancement phase ends is listed before the summary and commendation.
    listUnfulfilledAtEndOf: 'advancement',
    fulfilment: { minimumReviewRating: 'fair', massesMustRate: true, minimumSatisfiedPercent: 60 },
  },
};

/** Seed 001 (township): 雙向承諾, 公開承諾面達100%, published at meetings, 黨務公開欄, broadcast, media. */
export const SEED_001_COMMITMENTS: { commitments: CommitmentsPlanInput } = {
  commitments: {
    coverageTargetPercent: 100,
    remindDaysBefore: [7, 1],
    // Chosen: the seed's last phase (基層組織建設年) is where the commitments are made and kept.
    listUnfulfilledAtEndOf: 'organisation-building-year',
    fulfilment: { minimumReviewRating: 'fair', massesMustRate: true, minimumSatisfiedPercent: 60 },
  },
};

/** Seed 003 (bureau): commitments to the masses in the mobilization phase; 掛牌督辦 when the demonstration phase ends. */
export const SEED_003_COMMITMENTS: { commitments: CommitmentsPlanInput } = {
  commitments: {
    coverageTargetPercent: 100,
    remindDaysBefore: [7, 1],
    listUnfulfilledAtEndOf: 'demonstration',
    fulfilment: { minimumReviewRating: 'fair', massesMustRate: true, minimumSatisfiedPercent: 60 },
  },
};

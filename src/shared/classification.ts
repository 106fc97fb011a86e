/**
 * Below this calibrated confidence a category proposal is shown as uncertain (不确定): on held-out
 * texts the demo model's proposals under it were right less than two times in three.
 */
export const UNCERTAIN_BELOW = 0.6;

export const isUncertain = (confidence: number): boolean => confidence < UNCERTAIN_BELOW;

/**
 * Below this calibrated confidence a category proposal is shown as uncertain (不确定): with
 * confidences fitted on held-out texts, such a proposal is wrong at least two times in five.
 */
export const UNCERTAIN_BELOW = 0.6;

export const isUncertain = (confidence: number): boolean => confidence < UNCERTAIN_BELOW;

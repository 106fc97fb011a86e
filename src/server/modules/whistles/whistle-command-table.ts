import type { Ctx } from '../../lib/ctx.ts';
import type { WhistleActionInputs } from './whistle-schemas.ts';
import type { WhistleRow } from './whistle-tables.ts';
import type { WhistleAction } from './whistle-workflow.ts';
import { closeWhistle, escalateWhistle, recordAction, releaseUnit, reportIn, summonMore } from './whistle-commands.ts';
import { contestRating, decideRating, rateUnit } from './rating-commands.ts';

export const WHISTLE_COMMANDS: { [A in WhistleAction]: (ctx: Ctx, id: number, input: WhistleActionInputs[A]) => Promise<WhistleRow> } = {
  report_in: reportIn,
  record_action: recordAction,
  release: releaseUnit,
  summon: summonMore,
  escalate: escalateWhistle,
  close: closeWhistle,
  rate: rateUnit,
  contest_rating: contestRating,
  decide_rating: decideRating,
};

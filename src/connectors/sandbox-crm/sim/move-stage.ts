// The one workflow step the admin API drives by hand: sales moving a deal to another stage, which the
// CRM publishes as a deal event. Closing a deal sets its close date to the day of the move.
import { Type, type Static } from '@sinclair/typebox';
import { DealStage, Instant, openStages, type VendorDeal } from '../vendor/records.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkInput } from './check-input.ts';
import { SandboxCrmError } from './errors.ts';
import { stageChangeProblem } from './stage-rules.ts';
import type { CrmStore } from './store.ts';

export const StageMove = Type.Object(
  { stage: DealStage, at: Type.Optional(Instant) },
  { additionalProperties: false },
);
export type StageMove = Static<typeof StageMove>;

const checkMove = compileChecker(StageMove);

export function moveDealToStage(store: CrmStore, dealId: string, body: unknown, now: string): VendorDeal {
  const move = checkInput(checkMove, body, 'stage move');
  const deal = store.deals.get(dealId);
  if (!deal) throw new SandboxCrmError('not_found', `no deal ${dealId}`);
  const problem = stageChangeProblem(deal.stage, move.stage);
  if (problem !== undefined) throw new SandboxCrmError('conflict', `deal ${dealId}: ${problem}`);
  const at = move.at ?? now;
  const closing = !openStages.includes(move.stage);
  const updated: VendorDeal = {
    ...deal,
    stage: move.stage,
    // An RFC 3339 instant starts with the calendar date where it happened.
    close_date: closing ? at.slice(0, 10) : deal.close_date,
    updated_at: at,
  };
  store.deals.set(dealId, updated);
  store.publishStageChange(updated, deal.stage, at);
  return updated;
}

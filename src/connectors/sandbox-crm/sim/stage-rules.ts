// How a deal may move between stages: any stage to start with, then from an open stage to any other
// stage. Closed deals are final, as in most CRMs once the books are involved.
import { openStages, type DealStage } from '../vendor/records.ts';

/** Why the move is not allowed, or undefined when it is. */
export function stageChangeProblem(from: DealStage | null, to: DealStage): string | undefined {
  if (from === null) return undefined;
  if (!openStages.includes(from)) return `the deal is ${from}; a closed deal cannot change stage`;
  if (from === to) return `the deal is already in ${to}`;
  return undefined;
}

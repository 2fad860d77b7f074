// The stage changes a generated deal went through, created in spring 2026, with its close and planned
// start dates: won deals start delivery in the summer quarter, open ones expect to close later.
import type { StageChange } from '../crm-pipeline.ts';
import type { Prng } from '../../sandbox-kit/prng.ts';
import { openStages, type DealStage } from '../vendor/records.ts';

export type Outcome = 'won' | 'lost' | 'open';

export interface DealTimeline {
  readonly stages: StageChange[];
  readonly closeDate: string;
  readonly startDate: string;
}

const DAY_MS = 86_400_000;
const CREATED_FROM = Date.UTC(2026, 2, 2); // 2026-03-02
const CREATED_DAYS = 100;

export function dealTimeline(rng: Prng, outcome: Outcome): DealTimeline {
  let day = CREATED_FROM + rng.int(0, CREATED_DAYS) * DAY_MS;
  const path = stagePath(rng, outcome);
  const stages = path.map((stage, i) => {
    if (i > 0) day += rng.int(2, 21) * DAY_MS;
    return { stage, at: officeInstant(rng, day) };
  });
  const closeDay = outcome === 'open' ? day + rng.int(14, 60) * DAY_MS : day;
  return {
    stages,
    closeDate: isoDate(closeDay),
    startDate: isoDate(closeDay + rng.int(7, 35) * DAY_MS),
  };
}

/** Always from qualification; won deals pass proposal and usually negotiation, others stop anywhere. */
function stagePath(rng: Prng, outcome: Outcome): DealStage[] {
  if (outcome === 'won')
    return rng.chance(0.8)
      ? ['qualification', 'proposal', 'negotiation', 'closed_won']
      : ['qualification', 'proposal', 'closed_won'];
  const reached = openStages.slice(0, rng.int(1, openStages.length));
  return outcome === 'lost' ? [...reached, 'closed_lost'] : reached;
}

/** An instant in office hours (UTC) on the day `dayMs`. */
function officeInstant(rng: Prng, dayMs: number): string {
  const ms = dayMs + rng.int(8, 17) * 3_600_000 + rng.int(0, 59) * 60_000;
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// Work dates (weekdays of 2026-Q3) and approval instants in the approver's local time with its offset.
import type { Prng } from '../../sandbox-kit/prng.ts';

export interface WorkDay {
  readonly date: string;
  readonly utcMs: number;
}

const DAY_MS = 86_400_000;

export function quarterWeekdays(): WorkDay[] {
  const days: WorkDay[] = [];
  const start = Date.UTC(2026, 6, 1);
  const end = Date.UTC(2026, 9, 1);
  for (let ms = start; ms < end; ms += DAY_MS) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6)
      days.push({ date: new Date(ms).toISOString().slice(0, 10), utcMs: ms });
  }
  return days;
}

/** 1 to 6 days after the work, during office hours, written as local time plus `utcOffset`. */
export function approvalInstant(rng: Prng, day: WorkDay, utcOffset: string): string {
  const local =
    day.utcMs +
    rng.int(1, 6) * DAY_MS +
    rng.int(8, 19) * 3_600_000 +
    rng.int(0, 59) * 60_000 +
    rng.int(0, 59) * 1000;
  return `${new Date(local).toISOString().slice(0, 19)}${utcOffset}`;
}

/** The first `count` weekdays from 2026-07-01, running past the quarter when asked (milestones due later). */
export function weekdaysFrom(count: number): WorkDay[] {
  const days: WorkDay[] = [];
  for (let ms = Date.UTC(2026, 6, 1); days.length < count; ms += DAY_MS) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6)
      days.push({ date: new Date(ms).toISOString().slice(0, 10), utcMs: ms });
  }
  return days;
}

/** During office hours on the day itself, written as local time plus `utcOffset`. */
export function sameDayInstant(rng: Prng, day: WorkDay, utcOffset: string): string {
  const local = day.utcMs + rng.int(9, 18) * 3_600_000 + rng.int(0, 59) * 60_000;
  return `${new Date(local).toISOString().slice(0, 19)}${utcOffset}`;
}

// A quarter of time, consultant by consultant and day by day: on most days a consultant books one of
// their projects for a working day, or splits it between two. Time-and-materials and retainer work is
// billable at the legal entity's rate card (a partner's personal rate first); fixed-fee time is not,
// the fee is billed by milestones. The project's manager approves it a few days later; part of the
// last week is still waiting.
import type { Prng } from '../../sandbox-kit/prng.ts';
import type { VendorTimeEntry } from '../vendor/schemas.ts';
import { approvalInstant, type WorkDay } from './calendar.ts';
import { notes } from './catalogue.ts';
import type { Consultant } from './consultants.ts';
import { hoursBetween } from './draws.ts';
import type { RateTable, ServiceProject } from './services-firm.ts';

export function makeTime(
  rng: Prng,
  days: readonly WorkDay[],
  projects: readonly ServiceProject[],
  consultants: readonly Consultant[],
  rates: ReadonlyMap<string, RateTable>,
): VendorTimeEntry[] {
  const assigned = new Map<string, ServiceProject[]>();
  for (const p of projects)
    for (const c of p.team) assigned.set(c.user.id, [...(assigned.get(c.user.id) ?? []), p]);
  const lastWeek = days.length - 5;
  const entries: VendorTimeEntry[] = [];

  for (const consultant of consultants) {
    const mine = assigned.get(consultant.user.id) ?? [];
    for (const [d, day] of days.entries()) {
      if (mine.length === 0 || !rng.chance(0.92)) continue;
      const open = mine.filter((p) => p.lastDay === undefined || d <= p.lastDay);
      if (open.length === 0) continue;
      const first = rng.pick(open);
      const second =
        open.length > 1 && rng.chance(0.3) ? rng.pick(open.filter((p) => p !== first)) : undefined;
      const bookings = second
        ? [
            { project: first, hours: hoursBetween(rng, 8, 20) },
            { project: second, hours: hoursBetween(rng, 8, 16) },
          ]
        : [{ project: first, hours: hoursBetween(rng, 24, 34) }];
      for (const { project, hours } of bookings) {
        const table = rates.get(project.company.code);
        const rate = table?.personal.get(consultant.user.id) ?? table?.byRole[consultant.role];
        const billable = project.billing !== 'fixed_fee' && rate !== undefined && rng.chance(0.9);
        const approved = d < lastWeek || rng.chance(0.65);
        entries.push({
          id: 100_001 + entries.length,
          user_id: consultant.user.id,
          project_id: project.record.id,
          spent_on: day.date,
          hours,
          billable,
          bill_rate: billable ? (rate ?? null) : null,
          currency: project.company.currency,
          notes: rng.pick(notes),
          status: approved ? 'approved' : 'submitted',
          approved_at: approved ? approvalInstant(rng, day, project.manager.company.utcOffset) : null,
          approved_by: approved ? project.manager.user.id : null,
        });
      }
    }
  }
  return entries;
}

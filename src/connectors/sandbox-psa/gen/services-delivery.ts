// Fixed-fee delivery: each fixed-fee project gets a fee, 2-5 milestones whose amounts sum exactly to it
// (shares in 5% steps, at least 10% each) due across its run, and a task plan with a workstream per
// milestone. Milestones due well inside the window are mostly completed, near their due date.
import type { FirmMilestone, FirmTaskPlan } from '../firm.ts';
import type { Prng } from '../../sandbox-kit/prng.ts';
import type { VendorTask } from '../vendor/delivery-records.ts';
import { splitFee, wholeAmount } from './amounts.ts';
import { sameDayInstant, weekdaysFrom, type WorkDay } from './calendar.ts';
import { goLive, phases, workstreams } from './services-catalogue.ts';
import type { ServiceProject } from './services-firm.ts';

export interface FixedFeeDelivery {
  readonly milestones: FirmMilestone[];
  readonly taskPlans: FirmTaskPlan[];
}

/** Mutates `projects` in place: a fixed-fee project's record gains its fee as the contract value. */
export function fixedFeeDelivery(
  rng: Prng,
  projects: ServiceProject[],
  days: readonly WorkDay[],
): FixedFeeDelivery {
  const milestones: FirmMilestone[] = [];
  const taskPlans: FirmTaskPlan[] = [];
  let taskNumber = 0;
  for (const [index, project] of projects.entries()) {
    if (project.billing !== 'fixed_fee') continue;
    const { currency, rateFactorPercent, utcOffset } = project.company;
    // Fees in steps of 500, scaled to the entity's price level.
    const fee = BigInt(Math.max(1, Math.round((rng.int(40, 400) * rateFactorPercent) / 100))) * 500n;
    const count = rng.int(2, 5);
    const shares = Array.from({ length: count }, () => 2);
    for (let extra = 20 - 2 * count; extra > 0; extra--) {
      const i = rng.int(0, count - 1);
      shares[i] = (shares[i] ?? 2) + 1;
    }
    const amounts = splitFee(fee, shares, currency);
    // The project runs one to two quarters; its milestones are due evenly across that run.
    const run = weekdaysFrom(Math.round(days.length * (1 + rng.next())));
    const tasks: VendorTask[] = [];
    [...phases.slice(0, count - 1), goLive].forEach(([phase, name], k) => {
      const dueIndex = Math.floor(((k + 1) * run.length) / count) - 1;
      const due = run[dueIndex] ?? run[run.length - 1];
      if (!due) throw new RangeError('a project needs at least one work day');
      const done = dueIndex < days.length - 3 && rng.chance(0.75);
      const doneDay = done
        ? days[Math.min(days.length - 1, Math.max(0, dueIndex + rng.int(-3, 2)))]
        : undefined;
      milestones.push({
        id: `M-${milestones.length + 1}`,
        project_id: project.record.id,
        name,
        due_on: due.date,
        amount: amounts[k] ?? wholeAmount(0n, currency),
        currency,
        status: doneDay ? 'completed' : 'planned',
        completed_on: doneDay?.date ?? null,
        completed_at: doneDay ? sameDayInstant(rng, doneDay, utcOffset) : null,
      });
      const parent = `TK-${++taskNumber}`;
      const children = pickDistinct(rng, workstreams, rng.int(1, 3)).map((stream) => ({
        id: `TK-${++taskNumber}`,
        parent_id: parent,
        name: stream,
        hours: rng.int(4, 40) * 4,
        billable: true,
      }));
      const total = children.reduce((sum, c) => sum + c.hours, 0);
      tasks.push({ id: parent, parent_id: null, name: phase, planned_hours: String(total), billable: true });
      for (const c of children)
        tasks.push({
          id: c.id,
          parent_id: c.parent_id,
          name: c.name,
          planned_hours: String(c.hours),
          billable: true,
        });
    });
    tasks.push({
      id: `TK-${++taskNumber}`,
      parent_id: null,
      name: 'Project management',
      planned_hours: String(rng.int(10, 60) * 4),
      billable: false,
    });
    taskPlans.push({ project_id: project.record.id, revision: 1, tasks });
    projects[index] = {
      ...project,
      record: { ...project.record, contract_value: { amount: wholeAmount(fee, currency), currency } },
    };
  }
  return { milestones, taskPlans };
}

function pickDistinct<T>(rng: Prng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0)
    picked.push(...pool.splice(rng.int(0, pool.length - 1), 1));
  return picked;
}

// Postings of approved time, batched: a delivery batch can hold hundreds of postBillableLine/postCost
// commands, so a run of them costs a fixed number of calls (projects, lines, employees, tasks, cost
// prices, one create, one write, one read-back) instead of several per command.
//
// Each time entry is one timesheet line (uuid = time entry id), dated on the booking's posting date (the
// work date unless its period was closed and the policy rolled it forward; the work date is then kept in
// the description). postBillableLine creates it on the task for its rate; postCost makes the employee's
// cost price on that date equal the cost rate (in the company currency, booking.ts) and lets
// timesheet_cost copy it onto the line (creating the line on the non-billable task when no billable
// posting exists); revisePostedTime rewrites the line unless Tryton has invoiced it. A line to create or
// revise in a period Tryton holds as closed is refused (`period_closed`) before anything is written.
import type { PostBillableLine, PostCost, RevisePostedTime } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import {
  fromDate,
  fromDecimal,
  hoursToTimedelta,
  normalizeDecimal,
  timedeltaToHours,
  toDate,
} from './codec.ts';
import { billableRateProblem, companyCostPrice } from './booking.ts';
import { ensureCostPrices } from './cost-prices.ts';
import { alreadyInvoiced, linesByEntry, readLines } from './lines.ts';
import { ensureEmployees } from './parties.ts';
import { closedPeriodsOn, monthOf } from './periods.ts';
import { projectNotFound, readProjects } from './projects.ts';
import type { LineRow } from './records.ts';
import { Ids } from './records.ts';
import { lineDescription } from './refs.ts';
import { failureOf, fromFailure, ok, reject } from './results.ts';
import type { TrytonFailure } from './rpc-failure.ts';
import type { Books } from './setup.ts';
import { ensureTasks, taskKey, type Task } from './tasks.ts';

export type TimeCommand = PostBillableLine | PostCost | RevisePostedTime;

/** What one time entry's line should be after the run. */
interface Plan {
  readonly timeEntryId: string;
  readonly project: number;
  readonly resourceId: string;
  readonly workDate: string;
  /** The line's date: the booking's posting date, else the work date. */
  readonly lineDate: string;
  readonly hours: string;
  /** Normalized rate; undefined = non-billable. */
  readonly rate: string | undefined;
  readonly description: string | undefined;
  /** The hourly cost price in the company currency, normalized. */
  readonly costRate: string | undefined;
  readonly billable?: number;
  readonly cost?: number;
  readonly revise?: number;
}

type Values = Record<string, unknown>;

/** A run never holds a revision together with another command for the same entry (see `splitRuns`). */
export function entryOf(command: TimeCommand): string {
  return command.timeEntryId;
}

/** The date Tryton books the entry on: the posting date its booking carries, else the work date. */
export function postingDateOf(command: TimeCommand): string {
  const booking =
    command.kind === 'revisePostedTime'
      ? (command.billable?.booking ?? command.cost.booking)
      : command.booking;
  return booking?.postingDate ?? command.workDate;
}

interface Grouped {
  readonly index: number;
  readonly command: TimeCommand;
  /** The command's cost rate as Tryton's company-currency price (booking.ts); none for a billable line. */
  readonly costPrice: string | undefined;
}

function planOf(entries: readonly Grouped[], project: number): Plan {
  let plan: Plan | undefined;
  for (const { index, command, costPrice } of entries) {
    const base = {
      timeEntryId: command.timeEntryId,
      project,
      resourceId: command.resourceId,
      workDate: command.workDate,
      lineDate: postingDateOf(command),
      hours: command.hours,
    };
    if (command.kind === 'revisePostedTime') {
      plan = {
        ...base,
        rate: command.billable && normalizeDecimal(command.billable.rate.amount),
        description: command.billable?.description,
        costRate: costPrice,
        revise: index,
      };
    } else if (command.kind === 'postBillableLine') {
      plan = {
        ...(plan ?? { costRate: undefined }),
        ...base,
        rate: normalizeDecimal(command.rate.amount),
        description: command.description,
        billable: index,
      };
    } else {
      plan = plan
        ? { ...plan, costRate: costPrice, cost: index }
        : {
            ...base,
            rate: undefined,
            description: undefined,
            costRate: costPrice,
            cost: index,
          };
    }
  }
  if (plan === undefined) throw new Error('an entry without commands');
  return plan;
}

/** The company-currency cost price of a command, or why Tryton cannot take its amounts. */
function pricesOf(
  books: Books,
  command: TimeCommand,
): { readonly costPrice: string | undefined } | { readonly refused: PushResult } {
  const what = `${command.kind} for ${command.timeEntryId}`;
  const billableRate =
    command.kind === 'postBillableLine'
      ? command.rate
      : command.kind === 'revisePostedTime'
        ? command.billable?.rate
        : undefined;
  const problem = billableRate && billableRateProblem(what, billableRate, books.currency);
  if (problem !== undefined) return { refused: problem };
  if (command.kind === 'postBillableLine') return { costPrice: undefined };
  const cost =
    command.kind === 'postCost'
      ? companyCostPrice(what, command.costRate, command.booking, books.currency)
      : companyCostPrice(what, command.cost.costRate, command.cost.booking, books.currency);
  return 'refused' in cost ? cost : { costPrice: cost.price };
}

export async function applyTime(books: Books, commands: readonly TimeCommand[]): Promise<PushResult[]> {
  const results: (PushResult | undefined)[] = commands.map(() => undefined);
  const settle = (index: number | undefined, result: PushResult) => {
    if (index !== undefined && results[index] === undefined) results[index] = result;
  };
  const settlePlan = (plan: Plan, result: PushResult) => {
    for (const index of [plan.billable, plan.cost, plan.revise]) settle(index, result);
  };
  try {
    const projects = await readProjects(
      books,
      commands.map((c) => c.projectExternalId),
    );
    const grouped = new Map<string, Grouped[]>();
    commands.forEach((command, index) => {
      const prices = pricesOf(books, command);
      if ('refused' in prices) return settle(index, prices.refused);
      if (!projects.has(command.projectExternalId))
        return settle(index, projectNotFound(command.projectExternalId));
      const list = grouped.get(command.timeEntryId) ?? [];
      list.push({ index, command, costPrice: prices.costPrice });
      grouped.set(command.timeEntryId, list);
    });
    const plans = [...grouped.values()].map((entries) => {
      const first = entries[0]?.command;
      const project = first && projects.get(first.projectExternalId);
      if (project === undefined) throw new Error('grouped a command without its project');
      return planOf(entries, project.id);
    });

    const existing = await linesByEntry(
      books,
      plans.map((p) => p.timeEntryId),
    );
    const open: Plan[] = [];
    for (const plan of plans) {
      const line = existing.get(plan.timeEntryId);
      if (plan.revise !== undefined && line?.invoice_line != null)
        settle(plan.revise, reject('correction.already_invoiced', alreadyInvoiced(plan.timeEntryId, line)));
      else open.push(plan);
    }
    if (open.length === 0) return finish(results);

    const employees = await ensureEmployees(
      books,
      open.map((p) => p.resourceId),
    );
    const taskNeeds = open.flatMap((plan) => {
      const line = existing.get(plan.timeEntryId);
      // A cost-only entry that already has a line keeps it where it is (normally its rate's task).
      if (line !== undefined && plan.billable === undefined && plan.revise === undefined) return [];
      return [{ project: plan.project, rate: plan.rate }];
    });
    const tasks = await ensureTasks(books, taskNeeds);

    const taskOf = (plan: Plan): Task | undefined =>
      tasks.get(taskKey({ project: plan.project, rate: plan.rate }));
    const lineValues = (plan: Plan): Values | undefined => {
      const employee = employees.get(plan.resourceId);
      const task = taskOf(plan);
      if (employee === undefined || task === undefined) return undefined;
      return {
        company: books.company,
        employee,
        date: toDate(plan.lineDate),
        duration: hoursToTimedelta(plan.hours),
        work: task.timesheetWork,
        description: lineDescription(
          plan.timeEntryId,
          plan.description,
          plan.lineDate === plan.workDate ? undefined : plan.workDate,
        ),
      };
    };

    // Writes on existing lines: a revision, a billable posting for a line first booked as cost only,
    // or a cost posting whose price changed (any write makes timesheet_cost sync the line's cost).
    const writeOf = new Map<Plan, { line: LineRow; values: Values }>();
    const replayed = new Set<string>();
    for (const plan of open) {
      const line = existing.get(plan.timeEntryId);
      if (line === undefined) continue;
      const values = writeFor(plan, line, lineValues(plan), tasks);
      if (values === undefined) replayed.add(plan.timeEntryId);
      else writeOf.set(plan, { line, values });
    }
    // The dates each plan changes Tryton's books on: nothing is written into a closed period.
    const touched = (plan: Plan): string[] => {
      const line = existing.get(plan.timeEntryId);
      if (line === undefined) return [plan.lineDate];
      if (!writeOf.has(plan)) return [];
      return plan.revise === undefined ? [fromDate(line.date)] : [plan.lineDate, fromDate(line.date)];
    };
    const live = await outsideClosedPeriods(books, open, touched, settlePlan);
    if (live.length === 0) return finish(results);

    await ensureCostPrices(
      books,
      live.flatMap((plan) => {
        const employee = employees.get(plan.resourceId);
        return plan.costRate === undefined || employee === undefined
          ? []
          : [{ employee, date: plan.lineDate, costRate: plan.costRate }];
      }),
    );

    // Creates: one call; when Tryton refuses the batch, one call per line so only the bad ones fail.
    const toCreate = live.filter((p) => !existing.has(p.timeEntryId));
    const created = await createLines(books, toCreate, lineValues, settlePlan);

    const writes = live.flatMap((plan) => {
      const write = writeOf.get(plan);
      return write === undefined ? [] : [{ plan, ...write }];
    });
    await writeLines(books, writes, settlePlan);
    const moved = new Set(writes.filter((w) => 'work' in w.values).map((w) => w.plan));

    // Read back what Tryton holds now: the cost it synced is the proof the cost posting took.
    const lineIds = new Map<string, number>();
    for (const plan of live) {
      const id = existing.get(plan.timeEntryId)?.id ?? created.get(plan.timeEntryId);
      if (id !== undefined) lineIds.set(plan.timeEntryId, id);
    }
    const after = new Map((await readLines(books, [...lineIds.values()])).map((l) => [l.id, l]));
    for (const plan of live) {
      const id = lineIds.get(plan.timeEntryId);
      const line = id === undefined ? undefined : after.get(id);
      if (line === undefined) {
        settlePlan(
          plan,
          reject('tryton.line_missing', `no timesheet line for ${plan.timeEntryId} after posting`),
        );
        continue;
      }
      const existed = existing.has(plan.timeEntryId);
      const unchanged = existed && replayed.has(plan.timeEntryId);
      const want = plan.costRate === undefined ? undefined : normalizeDecimal(plan.costRate);
      const cost = fromDecimal(line.cost_price);
      if (want !== undefined && cost !== want) {
        // The line is booked but at another cost: only the commands that carry the cost are refused.
        const message = `timesheet line ${line.id} (${plan.timeEntryId}) costs ${cost}, not ${want}: check the employee's cost prices in Tryton`;
        settle(plan.cost, reject('tryton.cost_not_applied', message));
        settle(plan.revise, reject('tryton.cost_not_applied', message));
      }
      settle(plan.billable, ok(String(line.id), existed && !moved.has(plan)));
      settle(plan.revise, ok(String(line.id), unchanged));
      settle(plan.cost, ok(`${line.id}/cost`, unchanged));
    }
  } catch (error) {
    const failure = fromFailure(duplicateAsRetry(failureOf(error)));
    results.forEach((r, i) => settle(r === undefined ? i : undefined, failure));
  }
  return finish(results);
}

/**
 * Plans that would change Tryton's books on a date in a period Tryton holds as closed (create a line,
 * revise one, or write a line dated there) are refused `period_closed`: Tryton takes timesheet lines in
 * any period (they make no accounting move), so the connector checks. This catches a posting decided
 * before Ledgerline had read the period's close. A replay, which writes nothing, is never refused.
 */
async function outsideClosedPeriods(
  books: Books,
  plans: readonly Plan[],
  touched: (plan: Plan) => readonly string[],
  settlePlan: (plan: Plan, result: PushResult) => void,
): Promise<Plan[]> {
  const closed = await closedPeriodsOn(books, [...new Set(plans.flatMap(touched))]);
  if (closed.length === 0) return [...plans];
  const closedOn = (date: string) =>
    closed.find((p) => fromDate(p.start_date) <= date && date <= fromDate(p.end_date));
  return plans.filter((plan) => {
    const date = touched(plan).find((d) => closedOn(d) !== undefined);
    const period = date === undefined ? undefined : closedOn(date);
    if (date === undefined || period === undefined) return true;
    settlePlan(
      plan,
      reject(
        'period_closed',
        `${describe(plan)} would change Tryton's books on ${date}, in period "${period.name}" (${monthOf(period) ?? fromDate(period.start_date)}), which is ${period.state === 'locked' ? 'locked' : 'closed'}: reopen it in Tryton and retry`,
      ),
    );
    return false;
  });
}

function finish(results: readonly (PushResult | undefined)[]): PushResult[] {
  return results.map((r) => r ?? reject('tryton.connector_error', 'no result was decided for this command'));
}

/** The values to write on an existing line for this plan, or undefined when it already matches. */
function writeFor(
  plan: Plan,
  line: LineRow,
  wanted: Values | undefined,
  tasks: Map<string, Task>,
): Values | undefined {
  if (plan.revise !== undefined) {
    if (wanted === undefined) throw new Error(`no employee or task resolved for ${plan.timeEntryId}`);
    const same =
      fromDate(line.date) === plan.lineDate &&
      timedeltaToHours(line.duration) === normalizeDecimal(plan.hours) &&
      line.work === wanted['work'] &&
      line.employee === wanted['employee'] &&
      line.description === wanted['description'] &&
      (plan.costRate === undefined || fromDecimal(line.cost_price) === normalizeDecimal(plan.costRate));
    if (same) return undefined;
    const { company: _company, ...values } = wanted;
    return values;
  }
  const nonBillable = tasks.get(taskKey({ project: plan.project, rate: undefined }));
  if (
    plan.billable !== undefined &&
    line.invoice_line === null &&
    wanted &&
    line.work === nonBillable?.timesheetWork
  )
    return { work: wanted['work'], description: wanted['description'] };
  if (plan.costRate !== undefined && fromDecimal(line.cost_price) !== normalizeDecimal(plan.costRate))
    return {};
  return undefined;
}

async function createLines(
  books: Books,
  plans: readonly Plan[],
  valuesOf: (plan: Plan) => Values | undefined,
  settlePlan: (plan: Plan, result: PushResult) => void,
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  const ready: { plan: Plan; values: Values }[] = [];
  for (const plan of plans) {
    const values = valuesOf(plan);
    if (values === undefined)
      settlePlan(
        plan,
        reject('tryton.connector_error', `no employee or task resolved for ${plan.timeEntryId}`),
      );
    else ready.push({ plan, values: { ...values, uuid: plan.timeEntryId } });
  }
  if (ready.length === 0) return created;
  try {
    const ids = await books.rpc.modelChecked(
      Ids,
      'timesheet.line',
      'create',
      ready.map((r) => r.values),
    );
    ready.forEach((r, i) => {
      const id = ids[i];
      if (id !== undefined) created.set(r.plan.timeEntryId, id);
    });
    return created;
  } catch (error) {
    const failure = duplicateAsRetry(failureOf(error));
    if (failure.retryable || ready.length === 1) {
      for (const r of ready) settlePlan(r.plan, fromFailure(failure, describe(r.plan)));
      return created;
    }
  }
  for (const r of ready) {
    try {
      const [id] = await books.rpc.modelChecked(Ids, 'timesheet.line', 'create', [r.values]);
      if (id !== undefined) created.set(r.plan.timeEntryId, id);
    } catch (error) {
      settlePlan(r.plan, fromFailure(duplicateAsRetry(failureOf(error)), describe(r.plan)));
    }
  }
  return created;
}

async function writeLines(
  books: Books,
  writes: readonly { plan: Plan; line: LineRow; values: Values }[],
  settlePlan: (plan: Plan, result: PushResult) => void,
): Promise<void> {
  if (writes.length === 0) return;
  const args = (list: typeof writes) => list.flatMap((w) => [[w.line.id], w.values]);
  try {
    await books.rpc.model('timesheet.line', 'write', ...args(writes));
    return;
  } catch (error) {
    const failure = failureOf(error);
    if (failure.retryable || writes.length === 1) {
      for (const w of writes) settlePlan(w.plan, fromFailure(failure, describe(w.plan)));
      return;
    }
  }
  for (const w of writes) {
    try {
      await books.rpc.model('timesheet.line', 'write', ...args([w]));
    } catch (error) {
      settlePlan(w.plan, fromFailure(failureOf(error), describe(w.plan)));
    }
  }
}

/**
 * A uniqueness Tryton enforces on what a concurrent push created meanwhile: the line's uuid, or the party
 * code its sequence handed out twice (SQLite). Trying again finds the record (answered as replayed) or
 * draws a new code, so this is a retry, not a rejection.
 */
function duplicateAsRetry(failure: TrytonFailure): TrytonFailure {
  return /UUID of timesheet line must be unique|The code on party must be unique/.test(failure.message)
    ? { retryable: true, reasonCode: 'tryton.concurrent_posting', message: failure.message }
    : failure;
}

const describe = (plan: Plan) =>
  `time entry ${plan.timeEntryId} (resource ${plan.resourceId}, ${plan.workDate}, ${plan.hours} h)`;

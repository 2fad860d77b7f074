// One child task per bill rate under a project, so Tryton's project invoicing prices each timesheet line
// at its own rate (it prices a work's time at the work's list price and makes one invoice line per task).
// Time that is only a cost goes to a "Non-billable time" task with list price 0, which Tryton never
// invoices (project_invoice counts time only on works with a list price).
import { toDecimal } from './codec.ts';
import { Ids, rows, WorkRow } from './records.ts';
import { rateOfTaskMarker, taskMarker, taskName } from './refs.ts';
import { WORK_FIELDS, readWorks } from './projects.ts';
import type { Books } from './setup.ts';

export interface TaskNeed {
  readonly project: number;
  /** Normalized rate, or undefined for the non-billable task. */
  readonly rate: string | undefined;
}

export interface Task {
  readonly work: number;
  /** The timesheet work lines are booked on (a project work's `timesheet_works[0]`). */
  readonly timesheetWork: number;
  readonly rate: string | undefined;
}

export const taskKey = (need: TaskNeed) => `${need.project}|${need.rate ?? '-'}`;

function asTask(work: WorkRow, rate: string | undefined): Task | undefined {
  const timesheetWork = work.timesheet_works[0];
  return timesheetWork === undefined ? undefined : { work: work.id, timesheetWork, rate };
}

/** The projects' tasks by taskKey, with each need's task created (in one call) when missing. */
export async function ensureTasks(books: Books, needs: readonly TaskNeed[]): Promise<Map<string, Task>> {
  const wanted = new Map(needs.map((n) => [taskKey(n), n]));
  if (wanted.size === 0) return new Map();
  const projects = [...new Set(needs.map((n) => n.project))];
  const children = await books.rpc.modelChecked(
    rows(WorkRow),
    'project.work',
    'search_read',
    [
      ['parent', 'in', projects],
      ['type', '=', 'task'],
      ['comment', 'like', '[ledgerline %'],
    ],
    0,
    null,
    [['id', 'ASC']],
    [...WORK_FIELDS],
  );
  // Every marked task of these projects, needed or not: the caller also tells which task a line is on.
  const tasks = new Map<string, Task>();
  for (const child of children) {
    const marked = rateOfTaskMarker(child.comment);
    if (child.parent === null || !marked.ok) continue;
    const key = taskKey({ project: child.parent, rate: marked.rate });
    const task = asTask(child, marked.rate);
    if (task && !tasks.has(key)) tasks.set(key, task);
  }
  const missing = [...wanted.entries()].filter(([key]) => !tasks.has(key)).map(([, need]) => need);
  if (missing.length === 0) return tasks;
  const ids = await books.rpc.modelChecked(
    Ids,
    'project.work',
    'create',
    missing.map((need) => ({
      name: taskName(need.rate, books.currency),
      type: 'task',
      company: books.company,
      parent: need.project,
      product: books.product,
      list_price: toDecimal(need.rate ?? '0'),
      timesheet_available: true,
      comment: taskMarker(need.rate),
    })),
  );
  const created = await readWorks(books, ids);
  missing.forEach((need, i) => {
    const work = created.find((w) => w.id === ids[i]);
    const task = work && asTask(work, need.rate);
    if (task) tasks.set(taskKey(need), task);
  });
  return tasks;
}

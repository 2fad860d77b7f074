// Projects: a `project.work` of type project, invoiced on timesheet, that carries Ledgerline's canonical
// project id in its comment (refs.ts). provisionProject finds it by that marker before creating it.
import type { CloseProject, ProvisionProject } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { fromDate, toDate, toDecimal } from './codec.ts';
import { createParties, partiesByCode } from './parties.ts';
import { Ids, rows, WorkRow } from './records.ts';
import { parseWorkId, projectIdOfComment, projectMarker } from './refs.ts';
import { ok, reject } from './results.ts';
import type { Books } from './setup.ts';

export const WORK_FIELDS = [
  'name',
  'type',
  'company',
  'parent',
  'party',
  'comment',
  'list_price',
  'timesheet_works',
  'status',
  'timesheet_end_date',
] as const;

export async function readWorks(books: Books, ids: readonly number[]): Promise<WorkRow[]> {
  if (ids.length === 0) return [];
  return books.rpc.modelChecked(rows(WorkRow), 'project.work', 'read', [...ids], [...WORK_FIELDS]);
}

/** The projects (type project, this company) among these external ids, by external id. */
export async function readProjects(
  books: Books,
  externalIds: readonly string[],
): Promise<Map<string, WorkRow>> {
  const ids = [...new Set(externalIds.map(parseWorkId).filter((id) => id !== undefined))];
  const found = await books.rpc.modelChecked(
    Ids,
    'project.work',
    'search',
    [
      ['id', 'in', ids],
      ['type', '=', 'project'],
      ['company', '=', books.company],
    ],
    0,
    null,
    null,
  );
  const works = await readWorks(books, found);
  return new Map(works.map((w) => [String(w.id), w]));
}

export const projectNotFound = (externalId: string): PushResult =>
  reject(
    'tryton.project_not_found',
    `Tryton has no project work ${externalId} of this company (deleted, or provisioned in another database?)`,
  );

async function findProvisioned(books: Books, projectId: string): Promise<number | undefined> {
  const marker = projectMarker(projectId);
  const candidates = await books.rpc.modelChecked(
    rows(WorkRow),
    'project.work',
    'search_read',
    [
      ['type', '=', 'project'],
      ['company', '=', books.company],
      ['comment', 'like', `${marker}%`],
    ],
    0,
    null,
    [['id', 'ASC']],
    [...WORK_FIELDS],
  );
  // LIKE treats "_" in ids as a wildcard: keep the exact match only.
  return candidates.find((w) => projectIdOfComment(w.comment) === projectId)?.id;
}

/** Tryton invoices project time in the company currency and knows no billing model: those are checked. */
export async function provisionProject(books: Books, command: ProvisionProject): Promise<PushResult> {
  const project = command.project;
  if (project.currency !== books.currency)
    return reject(
      'tryton.currency_mismatch',
      `project ${project.id} is billed in ${project.currency} but the Tryton company invoices in ${books.currency}`,
    );
  if (project.customerId === undefined)
    return reject('tryton.customer_missing', `project ${project.id} has no customer to invoice`);
  const existing = await findProvisioned(books, project.id);
  if (existing !== undefined) return ok(String(existing), true);
  const customerId = project.customerId;
  let party = (await partiesByCode(books, [customerId])).get(customerId);
  if (party === undefined) {
    const values = { name: project.customerName ?? customerId, customer_payment_term: books.paymentTerm };
    party = (await createParties(books, [{ code: customerId, values }])).get(customerId);
  }
  // Only time-and-materials is invoiced from timesheets; other models record time without invoicing it.
  const method = project.billingModel === 'time-and-materials' ? 'timesheet' : 'manual';
  const [id] = await books.rpc.modelChecked(Ids, 'project.work', 'create', [
    {
      name: `${project.code} ${project.name}`,
      type: 'project',
      company: books.company,
      party,
      project_invoice_method: method,
      product: books.product,
      // The project itself is never priced: each rate has its own task (tasks.ts).
      list_price: toDecimal('0'),
      timesheet_available: true,
      comment: projectMarker(project.id),
    },
  ]);
  if (id === undefined) return reject('tryton.bad_response', 'project.work.create answered no id');
  return ok(String(id), false);
}

/**
 * Marks the project and its tasks Done and ends their timesheets on the closing date: time dated after it
 * is refused by Tryton (the timesheet work's domain), time dated before can still be posted.
 */
export async function closeProject(books: Books, command: CloseProject): Promise<PushResult> {
  const project = (await readProjects(books, [command.projectExternalId])).get(command.projectExternalId);
  if (project === undefined) return projectNotFound(command.projectExternalId);
  const [done] = await books.rpc.modelChecked(
    Ids,
    'project.work.status',
    'search',
    [['progress', '=', 1]],
    0,
    1,
    [['sequence', 'ASC']],
  );
  if (done === undefined)
    return reject('tryton.not_configured', 'Tryton has no work status with progress 100%');
  const treeIds = await books.rpc.modelChecked(
    Ids,
    'project.work',
    'search',
    [['parent', 'child_of', [project.id]]],
    0,
    null,
    null,
  );
  const tree = await readWorks(books, treeIds);
  const closed = (w: WorkRow) =>
    w.status === done &&
    w.timesheet_end_date !== null &&
    fromDate(w.timesheet_end_date) === command.closedDate;
  if (tree.every(closed)) return ok(String(project.id), true);
  await books.rpc.model('project.work', 'write', treeIds, {
    status: done,
    progress: 1,
    timesheet_end_date: toDate(command.closedDate),
  });
  return ok(String(project.id), false);
}

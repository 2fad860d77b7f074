// The ERP's read API: one project, one contract, and keyset-paged billing lines, cost postings, expenses
// and billing releases, filterable by project and by source_ref (how tests count the records booked for one source).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from './http-edge.ts';
import { sequenceOf } from './ids.ts';
import type { IdKind } from './ids.ts';
import { pageAfter, parseLimit } from './paging.ts';
import type { BillingLineRecord, BillingReleaseRecord, CostPostingRecord, ExpenseRecord } from './records.ts';
import { admit, delay } from './request-admission.ts';
import type { ServerContext } from './server-context.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface ListQuery {
  readonly limit: number;
  readonly after: number | undefined;
  readonly projectId: string | undefined;
  readonly sourceRef: string | undefined;
}

function parseListQuery(query: unknown, kind: IdKind): ListQuery | string {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(q))
    if (!['limit', 'after', 'project_id', 'source_ref'].includes(key))
      return `unknown query parameter "${key}"`;
  const { limit, after, project_id: projectId, source_ref: sourceRef } = q;
  for (const [name, value] of Object.entries({ limit, after, project_id: projectId, source_ref: sourceRef }))
    if (value !== undefined && typeof value !== 'string') return `${name} must be given once`;
  const parsedLimit = parseLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
  if (typeof parsedLimit === 'string') return parsedLimit;
  let afterSequence: number | undefined;
  if (after !== undefined) {
    afterSequence = typeof after === 'string' ? sequenceOf(kind, after) : undefined;
    if (afterSequence === undefined) return `after must be an id returned by this list`;
  }
  return {
    limit: parsedLimit,
    after: afterSequence,
    projectId: typeof projectId === 'string' ? projectId : undefined,
    sourceRef: typeof sourceRef === 'string' ? sourceRef : undefined,
  };
}

interface Listing<T> {
  readonly kind: IdKind;
  readonly idOf: (record: T) => string;
  readonly all: (context: ServerContext) => readonly T[];
  readonly byProject: (context: ServerContext, projectId: string) => readonly T[] | undefined;
  readonly bySourceRef: (context: ServerContext, sourceRef: string) => readonly T[] | undefined;
  readonly projectOf: (record: T) => string;
}

function list<T>(context: ServerContext, listing: Listing<T>, query: unknown, reply: FastifyReply) {
  const parsed = parseListQuery(query, listing.kind);
  if (typeof parsed === 'string') return sendError(reply, 400, 'invalid_query', parsed);
  let records: readonly T[];
  if (parsed.sourceRef !== undefined) {
    const { projectId } = parsed;
    const forRef = listing.bySourceRef(context, parsed.sourceRef) ?? [];
    records = projectId === undefined ? forRef : forRef.filter((r) => listing.projectOf(r) === projectId);
  } else if (parsed.projectId !== undefined) {
    records = listing.byProject(context, parsed.projectId) ?? [];
  } else {
    records = listing.all(context);
  }
  const sequence = (record: T) => sequenceOf(listing.kind, listing.idOf(record)) ?? 0;
  const page = pageAfter(records, sequence, parsed.after, parsed.limit);
  const last = page.data[page.data.length - 1];
  return reply.send({
    data: page.data,
    has_more: page.hasMore,
    next_after: page.hasMore && last !== undefined ? listing.idOf(last) : null,
  });
}

const billingLines: Listing<BillingLineRecord> = {
  kind: 'billingLine',
  idOf: (l) => l.billing_line_id,
  all: (c) => c.state.billingLines,
  byProject: (c, id) => c.state.billingLinesByProject.get(id),
  bySourceRef: (c, ref) => c.state.billingLinesBySourceRef.get(ref),
  projectOf: (l) => l.project_id,
};

const costPostings: Listing<CostPostingRecord> = {
  kind: 'costPosting',
  idOf: (c) => c.cost_posting_id,
  all: (c) => c.state.costPostings,
  byProject: (c, id) => c.state.costPostingsByProject.get(id),
  bySourceRef: (c, ref) => c.state.costPostingsBySourceRef.get(ref),
  projectOf: (c) => c.project_id,
};

const expenses: Listing<ExpenseRecord> = {
  kind: 'expense',
  idOf: (e) => e.expense_id,
  all: (c) => c.state.book.expenses,
  byProject: (c, id) => c.state.book.expensesByProject.get(id),
  bySourceRef: (c, ref) => c.state.book.expensesBySourceRef.get(ref),
  projectOf: (e) => e.project_id,
};

/** A release's source is the billing item it released (one release per item). */
const billingReleases: Listing<BillingReleaseRecord> = {
  kind: 'billingRelease',
  idOf: (r) => r.release_id,
  all: (c) => c.state.book.releases,
  byProject: (c, id) => c.state.book.releasesByProject.get(id),
  bySourceRef: (c, ref) => c.state.book.releases.filter((r) => r.billing_item_ref === ref),
  projectOf: (r) => r.project_id,
};

export function registerQueryRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/erp/v1/projects/:id', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    const { id } = request.params as { id: string };
    const project = context.state.projects.get(id);
    if (!project) return sendError(reply, 404, 'not_found', `project ${id} does not exist`);
    return reply.send(project);
  });

  app.get('/erp/v1/contracts/:id', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    const { id } = request.params as { id: string };
    // Contracts are kept in id order from CT-000001, so the sequence is the position.
    const sequence = sequenceOf('contract', id);
    const contract = sequence === undefined ? undefined : context.state.book.contracts[sequence - 1];
    if (contract?.contract_id !== id)
      return sendError(reply, 404, 'not_found', `contract ${id} does not exist`);
    return reply.send(contract);
  });

  app.get('/erp/v1/expenses', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    return list(context, expenses, request.query, reply);
  });

  app.get('/erp/v1/billing_lines', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    return list(context, billingLines, request.query, reply);
  });

  app.get('/erp/v1/cost_postings', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    return list(context, costPostings, request.query, reply);
  });

  app.get('/erp/v1/billing_releases', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    return list(context, billingReleases, request.query, reply);
  });
}

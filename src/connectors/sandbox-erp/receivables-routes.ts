// Operator actions on receivables (the customer master, the invoice run, payments received) and the
// ERP's read API over them: one invoice, and the change feed a client pulls with a cursor.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Checked } from './checked.ts';
import type { ErpAdmin } from './erp-admin.ts';
import { sendError } from './http-edge.ts';
import { sequenceOf } from './ids.ts';
import { pageAfter, parseLimit } from './paging.ts';
import { admit, delay } from './request-admission.ts';
import type { ServerContext } from './server-context.ts';
import { changesPath, MAX_FEED_PAGE as MAX_LIMIT } from './wire-feed.ts';

const NOT_FOUND = new Set(['unknown_project', 'unknown_invoice']);
const DEFAULT_LIMIT = 100;

function answer<T>(reply: FastifyReply, result: Checked<T>, status: (value: T) => number): FastifyReply {
  if (!result.ok)
    return sendError(
      reply,
      NOT_FOUND.has(result.error.code) ? 404 : 422,
      result.error.code,
      result.error.message,
    );
  return reply.code(status(result.value)).send(result.value);
}

interface FeedQuery {
  readonly after: number | undefined;
  readonly afterId: string | null;
  readonly limit: number;
}

function parseFeedQuery(query: unknown): FeedQuery | string {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(q))
    if (key !== 'after' && key !== 'limit') return `unknown query parameter "${key}"`;
  const { after, limit } = q;
  const parsedLimit = parseLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
  if (typeof parsedLimit === 'string') return parsedLimit;
  if (after === undefined) return { after: undefined, afterId: null, limit: parsedLimit };
  if (typeof after !== 'string') return 'after must be given once';
  const sequence = sequenceOf('change', after);
  if (sequence === undefined) return 'after must be a change id returned by this feed';
  return { after: sequence, afterId: after, limit: parsedLimit };
}

export function registerReceivablesRoutes(
  app: FastifyInstance,
  context: ServerContext,
  admin: ErpAdmin,
): void {
  app.post('/admin/parties', async (request, reply) =>
    answer(reply, admin.upsertParty(request.body), (outcome) => (outcome.created ? 201 : 200)),
  );

  app.post('/admin/invoice-run', async (request, reply) =>
    answer(reply, admin.runInvoices(request.body), () => 200),
  );

  app.post('/admin/payments', async (request, reply) =>
    answer(reply, admin.recordPayment(request.body), () => 201),
  );

  app.get('/erp/v1/invoices/:number', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    const { number } = request.params as { number: string };
    const invoice = context.state.receivables.invoices.get(number);
    if (!invoice) return sendError(reply, 404, 'not_found', `invoice ${number} does not exist`);
    return reply.send(invoice);
  });

  // Keyset pages of the change log. `next_after` is the last id of the page, or `after` itself when
  // there is nothing new, so a client can always store it as its cursor.
  app.get(changesPath, async (request, reply) => {
    if (!admit(context, reply)) return reply;
    await delay(context);
    const parsed = parseFeedQuery(request.query);
    if (typeof parsed === 'string') return sendError(reply, 400, 'invalid_query', parsed);
    const page = pageAfter(
      context.state.receivables.changes,
      (change) => sequenceOf('change', change.change_id) ?? 0,
      parsed.after,
      parsed.limit,
    );
    const last = page.data[page.data.length - 1];
    return reply.send({
      data: page.data,
      has_more: page.hasMore,
      next_after: last === undefined ? parsed.afterId : last.change_id,
    });
  });
}

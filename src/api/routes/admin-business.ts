// The business views over HTTP: unbilled approved time, rejected expenses by reason code, project set-up
// failures and invoice sync delays by legal entity.
import type { FastifyInstance } from 'fastify';
import type { Store, StoredEvent } from '../../store/port.ts';
import { factsOf } from '../admin/event-facts.ts';
import { latencySummarySchema } from '../admin/percentiles.ts';
import { tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import {
  failureItems,
  failuresByReason,
  invoiceDelays,
  invoiceCoverage,
  unbilledTime,
} from '../admin/business-views.ts';

const t = (name: string) => `io.ledgerline.${name}.v1`;
/** Events read per view: a quarter of a mid-sized firm's time entries. */
const readLimit = 200_000;

const hoursBucket = {
  type: 'object',
  properties: { entries: { type: 'integer' }, hours: { type: 'string', description: 'decimal hours' } },
} as const;

const byReasonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      reasonCode: { type: 'string' },
      count: { type: 'integer' },
      entities: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
} as const;

const failureItemsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      seq: { type: 'integer' },
      subject: { type: 'string' },
      entity: { type: 'string' },
      state: { type: 'string' },
      reasonCode: { type: ['string', 'null'] },
      reason: { type: ['string', 'null'] },
      receivedAt: { type: 'string' },
      fixedSince: { type: 'boolean', description: 'a later event about the same record completed' },
    },
  },
} as const;

const failuresResponse = {
  200: {
    type: 'object',
    properties: { total: { type: 'integer' }, byReason: byReasonSchema, items: failureItemsSchema },
  },
  ...problems(500),
} as const;

export function registerAdminBusiness(app: FastifyInstance, store: Store): void {
  /** The failuresResponse answer; `fixed` says whether a later event about the record completed. */
  const failureReport = async (failed: readonly StoredEvent[], fixed: (e: StoredEvent) => boolean) => {
    const facts = await factsOf(
      store,
      failed.map((e) => e.event),
    );
    return {
      total: failed.length,
      byReason: failuresByReason(failed, facts),
      items: failureItems(failed, facts, fixed),
    };
  };

  app.get(
    '/v1/admin/business/unbilled-time',
    {
      schema: {
        summary: 'Billable approved time not yet posted, or posted and not yet invoiced, per legal entity',
        description:
          "invoiceLinks says how invoiced time is known: `time-entries` (the invoice lines name the entries they bill), `project-and-date` (an invoice of the entry's project issued on or after its work date: an estimate), `none` (no invoices yet: posted time counts as not invoiced).",
        tags,
        response: {
          200: {
            type: 'object',
            properties: {
              invoiceLinks: { type: 'string', enum: ['time-entries', 'project-and-date', 'none'] },
              entities: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    entity: { type: 'string' },
                    billable: hoursBucket,
                    notPosted: hoursBucket,
                    postedNotInvoiced: hoursBucket,
                    invoiced: hoursBucket,
                  },
                },
              },
              notPosted: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    subject: { type: 'string' },
                    entity: { type: 'string' },
                    state: { type: 'string' },
                    reason: { type: ['string', 'null'] },
                    workDate: { type: ['string', 'null'] },
                    hours: { type: 'string' },
                    ageMs: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...problems(500),
        },
      },
    },
    async () => {
      const [times, invoices] = await Promise.all([
        store.eventsOfTypes({ types: [t('time.approved')], limit: readLimit }),
        store.eventsOfTypes({ types: [t('invoice.issued')], limit: readLimit }),
      ]);
      const facts = await factsOf(
        store,
        times.map((e) => e.event),
      );
      return unbilledTime(times, invoiceCoverage(invoices), facts, Date.now());
    },
  );

  app.get(
    '/v1/admin/business/rejected-expenses',
    {
      schema: {
        summary: 'Approved expenses refused (rejected or dead), by reason code and legal entity',
        tags,
        response: failuresResponse,
      },
    },
    async () => {
      const failed = await store.eventsOfTypes({
        types: [t('expense.approved'), t('expense.revised')],
        states: ['rejected', 'dead'],
        limit: readLimit,
      });
      return failureReport(failed, () => false);
    },
  );

  app.get(
    '/v1/admin/business/project-setup-failures',
    {
      schema: {
        summary: 'Project activations refused or dead, by reason, and whether a later activation fixed them',
        tags,
        response: failuresResponse,
      },
    },
    async () => {
      const all = await store.eventsOfTypes({ types: [t('project.activated')], limit: readLimit });
      const failed = all.filter((e) => e.state === 'rejected' || e.state === 'dead');
      const completedAfter = new Map<string, number>();
      for (const e of all)
        if (e.state === 'completed')
          completedAfter.set(e.event.subject, Math.max(e.seq, completedAfter.get(e.event.subject) ?? 0));
      return failureReport(failed, (e) => (completedAfter.get(e.event.subject) ?? 0) > e.seq);
    },
  );

  app.get(
    '/v1/admin/business/invoice-sync-delays',
    {
      schema: {
        summary: 'How long ERP invoices take to reach the PSA, per legal entity',
        description:
          'From intake of the issued invoice to its status fed back to the PSA; pending ones by age.',
        tags,
        response: {
          200: {
            type: 'object',
            properties: {
              entities: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    entity: { type: 'string' },
                    delivered: latencySummarySchema,
                    pending: { type: 'integer' },
                    oldestPendingMs: { type: ['integer', 'null'] },
                  },
                },
              },
            },
          },
          ...problems(500),
        },
      },
    },
    async () => {
      const invoices = await store.eventsOfTypes({ types: [t('invoice.issued')], limit: readLimit });
      const facts = await factsOf(
        store,
        invoices.map((e) => e.event),
      );
      return { entities: invoiceDelays(invoices, facts, Date.now()) };
    },
  );
}

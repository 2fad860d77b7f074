// GET /v1/admin/overview: what the console's first page charts. Throughput and latency per bucket over
// a recent window, latency per event type, queue depths and the store's counts.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { latencySummarySchema, summarize } from '../admin/percentiles.ts';
import { invalidQuery, sendProblem } from '../problem.ts';
import { tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

/** Completions read for the latency chart: enough for an hour of a busy demo, bounded for memory. */
const maxSamples = 50_000;

const bucketSchema = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' },
    received: { type: 'integer' },
    completed: { type: 'integer' },
    delivered: { type: 'integer' },
    latency: latencySummarySchema,
  },
} as const;

const countsSchema = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export function registerAdminOverview(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { minutes?: number; bucketSeconds?: number } }>(
    '/v1/admin/overview',
    {
      schema: {
        summary: 'Throughput, latency, queue depths and counts',
        description:
          'Events received from systems, source events completed and deliveries accepted per bucket over the last `minutes`, with the intake-to-completion latency (p50/p95) of the events completed in each bucket; latency per event type; what waits in each queue class and state; and the store-wide counts.',
        tags,
        querystring: {
          type: 'object',
          properties: {
            minutes: { type: 'integer', minimum: 1, maximum: 1440, default: 60 },
            bucketSeconds: { type: 'integer', minimum: 5, maximum: 3600, default: 60 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              window: {
                type: 'object',
                properties: {
                  from: { type: 'string', format: 'date-time' },
                  to: { type: 'string', format: 'date-time' },
                  bucketSeconds: { type: 'integer' },
                },
              },
              throughput: { type: 'array', items: bucketSchema },
              totals: {
                type: 'object',
                properties: {
                  received: { type: 'integer' },
                  completed: { type: 'integer' },
                  delivered: { type: 'integer' },
                  latency: latencySummarySchema,
                },
              },
              deliveryLatencyByTarget: {
                type: 'array',
                description: 'from the decision to the target accepting the delivery, retries included',
                items: {
                  type: 'object',
                  properties: {
                    target: { type: 'string' },
                    ...latencySummarySchema.properties,
                    retried: { type: 'integer', description: 'deliveries that took more than one attempt' },
                  },
                },
              },
              latencyByType: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { type: { type: 'string' }, ...latencySummarySchema.properties },
                },
              },
              queues: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    of: { type: 'string', enum: ['events', 'deliveries'] },
                    queue: { type: 'string', enum: ['master', 'transactional'] },
                    state: { type: 'string' },
                    count: { type: 'integer' },
                    oldestAgeMs: { type: 'integer' },
                  },
                },
              },
              counts: {
                type: 'object',
                properties: {
                  events: countsSchema,
                  deliveries: countsSchema,
                  deliveryAttempts: { type: 'integer' },
                  deadLettersOpen: { type: 'integer' },
                  duplicatesRefused: { type: 'integer' },
                },
              },
            },
          },
          ...problems(400, 500),
        },
      },
    },
    async (request, reply) => {
      const minutes = request.query.minutes ?? 60;
      const bucketMs = (request.query.bucketSeconds ?? 60) * 1000;
      if ((minutes * 60_000) / bucketMs > 1440)
        return sendProblem(reply, invalidQuery('minutes / bucketSeconds gives more than 1440 buckets.'));
      const now = Date.now();
      // Buckets align to whole multiples of their size, so a chart's points stay put between refreshes.
      const since = Math.floor((now - minutes * 60_000) / bucketMs) * bucketMs + bucketMs;
      const [activity, completions, deliveries, depths, stats] = await Promise.all([
        store.activity(since, bucketMs),
        store.completions(since, maxSamples),
        store.deliveryTimes(since, maxSamples),
        store.queueDepths(),
        store.stats(),
      ]);
      const byBucket = new Map(activity.map((b) => [b.at, b]));
      const samples = new Map<number, number[]>();
      const byType = new Map<string, number[]>();
      for (const c of completions) {
        const at = since + Math.floor((c.completedAt - since) / bucketMs) * bucketMs;
        const bucket = samples.get(at) ?? [];
        bucket.push(c.latencyMs);
        samples.set(at, bucket);
        const list = byType.get(c.type) ?? [];
        list.push(c.latencyMs);
        byType.set(c.type, list);
      }
      const throughput = [];
      for (let at = since; at <= now; at += bucketMs) {
        const b = byBucket.get(at);
        throughput.push({
          at: new Date(at).toISOString(),
          received: b?.received ?? 0,
          completed: b?.completed ?? 0,
          delivered: b?.delivered ?? 0,
          latency: summarize(samples.get(at) ?? []),
        });
      }
      const byTarget = new Map<string, { latencies: number[]; retried: number }>();
      for (const d of deliveries) {
        const entry = byTarget.get(d.target) ?? { latencies: [], retried: 0 };
        entry.latencies.push(d.latencyMs);
        if (d.attempts > 1) entry.retried += 1;
        byTarget.set(d.target, entry);
      }
      const sum = (k: 'received' | 'completed' | 'delivered') => activity.reduce((n, b) => n + b[k], 0);
      return {
        window: {
          from: new Date(since).toISOString(),
          to: new Date(now).toISOString(),
          bucketSeconds: bucketMs / 1000,
        },
        throughput,
        totals: {
          received: sum('received'),
          completed: sum('completed'),
          delivered: sum('delivered'),
          latency: summarize(completions.map((c) => c.latencyMs)),
        },
        deliveryLatencyByTarget: [...byTarget.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([target, v]) => ({ target, ...summarize(v.latencies), retried: v.retried })),
        latencyByType: [...byType.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, list]) => ({ type, ...summarize(list) })),
        queues: depths.map((d) => ({
          of: d.of,
          queue: d.queue,
          state: d.state,
          count: d.count,
          oldestAgeMs: Math.max(0, now - d.oldestAt),
        })),
        counts: {
          events: stats.events,
          deliveries: stats.deliveries,
          deliveryAttempts: stats.deliveryAttempts,
          deadLettersOpen: stats.deadLettersOpen,
          duplicatesRefused: stats.duplicatesRefused,
        },
      };
    },
  );
}

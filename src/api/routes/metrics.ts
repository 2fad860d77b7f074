// GET /metrics: the service's Prometheus metrics in the text exposition format.
import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../ops/metrics/service-metrics.ts';

export function registerMetrics(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description:
          'Counters of events received, decided, delivered and failed, delivery and target API latency histograms, and gauges of queue depth and age, parked events and open dead letters (read from the store at each scrape). Text exposition format 0.0.4.',
        tags: ['telemetry'],
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      const body = await metrics.render();
      return reply.header('content-type', metrics.contentType).send(body);
    },
  );
}

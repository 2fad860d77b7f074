// The admin API's SLA status per data domain and its alerts (issue 7; docs/adr/0016-sla-and-alert-routing.md).
import type { FastifyInstance } from 'fastify';
import { alertView } from '../../ops/alerts/alert-view.ts';
import { failureDomains } from '../../ops/alerts/failure-domain.ts';
import type { SlaMonitor } from '../../ops/sla/sla-monitor.ts';
import type { AlertState } from '../../store/ops-port.ts';
import type { Store } from '../../store/port.ts';
import { problems } from '../openapi/schemas.ts';
import { invalidQuery, sendProblem } from '../problem.ts';

const slaDomainSchema = {
  type: 'object',
  required: ['domain', 'objective', 'objectiveMs', 'open', 'breaching', 'oldestAgeMs', 'status'],
  properties: {
    domain: { type: 'string', description: 'data domain, e.g. time' },
    objective: { type: 'string', description: 'the objective as configured, e.g. "15m"' },
    objectiveMs: { type: 'integer' },
    open: { type: 'integer', description: 'items received and not yet completed' },
    breaching: { type: 'integer', description: 'open items received longer ago than the objective' },
    oldestAgeMs: { type: ['integer', 'null'], description: 'age of the oldest open item; null if none' },
    status: { type: 'string', enum: ['ok', 'breached'] },
  },
} as const;

const alertSchema = {
  type: 'object',
  required: [
    'id',
    'failureDomain',
    'key',
    'state',
    'title',
    'detail',
    'firstAt',
    'lastAt',
    'count',
    'routedTo',
  ],
  properties: {
    id: { type: 'string' },
    failureDomain: { type: 'string', enum: [...failureDomains] },
    key: { type: 'string', description: 'the condition; at most one firing alert per key' },
    state: { type: 'string', enum: ['firing', 'resolved'] },
    title: { type: 'string' },
    detail: { type: 'string' },
    firstAt: { type: 'string', format: 'date-time' },
    lastAt: { type: 'string', format: 'date-time' },
    count: { type: 'integer', description: 'occurrences while it fired' },
    routedTo: { type: 'array', items: { type: 'string' }, description: 'channel names it was sent to' },
  },
} as const;

// Route schemas as values: @fastify/swagger (in main) reads summary and tags, which FastifySchema lacks.
const slaRouteSchema = {
  summary: 'SLA status per data domain',
  description:
    "Per data domain with an objective (its governance latency): open items, how many are older than the objective, and the oldest one's age.",
  tags: ['admin'],
  response: {
    200: {
      type: 'object',
      required: ['domains'],
      properties: { domains: { type: 'array', items: slaDomainSchema } },
    },
    ...problems(500),
  },
} as const;

const alertsRouteSchema = {
  summary: 'Alerts, newest first',
  description: 'Alerts raised by failure domain, firing or resolved, with where each was routed.',
  tags: ['admin'],
  querystring: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      state: { type: 'string', enum: ['firing', 'resolved'] },
    },
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      required: ['alerts'],
      properties: { alerts: { type: 'array', items: alertSchema } },
    },
    ...problems(400),
  },
} as const;

export function registerSlaAlerts(app: FastifyInstance, deps: { store: Store; sla?: SlaMonitor }): void {
  const { sla, store } = deps;
  if (sla)
    app.get(
      '/v1/admin/sla',
      {
        schema: slaRouteSchema,
      },
      async () => ({ domains: await sla.snapshot() }),
    );

  app.get<{ Querystring: { limit?: number; state?: AlertState } }>(
    '/v1/admin/alerts',
    {
      attachValidation: true,
      schema: alertsRouteSchema,
    },
    async (request, reply) => {
      if (request.validationError)
        return sendProblem(
          reply,
          invalidQuery(
            `${request.validationError.message}: limit is a whole number from 1 to 1000, state is firing or resolved`,
          ),
        );
      const { limit = 100, state } = request.query;
      const alerts = await store.listAlerts({ limit, ...(state === undefined ? {} : { state }) });
      return reply.send({ alerts: alerts.map(alertView) });
    },
  );
}

// Period reconciliation runs for the console: GET /v1/admin/reconciliation/runs lists them newest first,
// /runs/{id} drills into one with its stored differences (source and target side by side), by class.
import type { FastifyInstance } from 'fastify';
import type { Store, StoredReconciliationDifference, StoredReconciliationRun } from '../../store/port.ts';
import { differenceClasses } from '../../reconcile/report.ts';
import { invalidId, problem, sendProblem } from '../problem.ts';
import { anyJson, idParams, tags, wholeNumber } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    period: { type: 'string' },
    entity: { type: ['string', 'null'] },
    ranAt: { type: 'string', format: 'date-time' },
    ranBy: { type: 'string' },
    sourceSystem: { type: 'string' },
    targetSystem: { type: 'string' },
    ok: { type: 'boolean' },
    truncated: {
      type: 'boolean',
      description: 'more differences than were stored: counts has them all, differences the first ones',
    },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    differences: { type: 'integer', description: 'all differences of the run, stored or not' },
  },
} as const;

const differenceSchema = {
  type: 'object',
  properties: {
    class: { type: 'string', enum: differenceClasses },
    key: { type: 'string', description: 'type:ref' },
    entity: { type: 'string' },
    source: { ...anyJson, description: 'the source side netted (count, hours, amount...); null when absent' },
    target: { ...anyJson, description: 'the target side netted; null when absent' },
    amountDifference: { type: 'string', description: 'target - source, a decimal string' },
  },
} as const;

function runView(run: StoredReconciliationRun) {
  const { totals: _totals, ...rest } = run;
  return { ...rest, differences: Object.values(run.counts).reduce((a, b) => a + b, 0) };
}

function differenceView(d: StoredReconciliationDifference) {
  return {
    class: d.class,
    key: d.key,
    entity: d.entity,
    source: d.source === null ? null : (JSON.parse(d.source) as unknown),
    target: d.target === null ? null : (JSON.parse(d.target) as unknown),
    amountDifference: d.amountDifference,
  };
}

export function registerAdminReconciliationRuns(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { period?: string; limit: number } }>(
    '/v1/admin/reconciliation/runs',
    {
      schema: {
        summary: 'Period reconciliation runs, newest first',
        tags,
        querystring: {
          type: 'object',
          properties: {
            period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { runs: { type: 'array', items: runSchema } } },
          ...problems(400, 500),
        },
      },
    },
    async (request) => {
      const { period, limit } = request.query;
      const runs = await store.listReconciliationRuns({ limit, ...(period === undefined ? {} : { period }) });
      return { runs: runs.map(runView) };
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: { class?: string; limit: number; offset: number };
  }>(
    '/v1/admin/reconciliation/runs/:id',
    {
      schema: {
        summary: 'One period reconciliation run with its differences, by class',
        tags,
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            class: { type: 'string', enum: differenceClasses },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ...runSchema.properties,
              totals: anyJson,
              differenceList: { type: 'array', items: differenceSchema },
            },
          },
          ...problems(400, 404, 500),
        },
      },
    },
    async (request, reply) => {
      const id = wholeNumber(request.params.id);
      if (id === undefined) return sendProblem(reply, invalidId('reconciliation run'));
      const run = await store.getReconciliationRun(id);
      if (!run)
        return sendProblem(
          reply,
          problem(
            404,
            'reconciliation-run-not-found',
            'Reconciliation run not found',
            `There is no run ${id}.`,
          ),
        );
      const { class: cls, limit, offset } = request.query;
      const differences = await store.listReconciliationDifferences({
        runId: id,
        limit,
        offset,
        ...(cls === undefined ? {} : { class: cls }),
      });
      return {
        ...runView(run),
        totals: JSON.parse(run.totals) as unknown,
        differenceList: differences.map(differenceView),
      };
    },
  );
}

// Reconciliation for the console: the customer master's last run and the resync requests it raised (the
// records that differed), and the signed-off period reconciliations with their chain checked, each
// drillable to its signed totals.
import type { FastifyInstance } from 'fastify';
import type { Store, StoredSignOff } from '../../store/port.ts';
import { verifyChain } from '../../reconcile/sign-off.ts';
import { invalidId, problem, sendProblem } from '../problem.ts';
import { anyJson, idParams, tags, wholeNumber } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import type { ReconciliationRun } from '../admin/register-admin.ts';
import { maskerFor } from '../../security/masking/mask.ts';

const resyncType = 'io.ledgerline.customer.resync-requested.v1';

export const signOffSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    period: { type: 'string' },
    entity: { type: ['string', 'null'] },
    signedBy: { type: 'string' },
    signedAt: { type: 'string' },
    differences: { type: 'integer' },
    acceptedDifferences: { type: ['string', 'null'] },
    sha256: { type: 'string' },
    chainOk: { type: 'boolean' },
    chainProblem: { type: ['string', 'null'] },
  },
} as const;

/** One sign-off as the API answers it: its signed totals parsed, and its place in the chain checked. */
export function signOffWithTotals(signOff: StoredSignOff, all: readonly StoredSignOff[]) {
  const check = verifyChain(all).find((c) => c.seq === signOff.seq)?.problem;
  return {
    ...signOff,
    totals: JSON.parse(signOff.totals) as unknown,
    chainOk: check === undefined,
    chainProblem: check ?? null,
  };
}

export function registerAdminReconciliation(
  app: FastifyInstance,
  store: Store,
  lastRun: () => ReconciliationRun | null,
): void {
  app.get(
    '/v1/admin/reconciliation',
    {
      schema: {
        summary: 'Reconciliation results: customer master and period sign-offs',
        tags,
        response: {
          200: {
            type: 'object',
            properties: {
              customerMaster: {
                type: 'object',
                properties: {
                  lastRun: {
                    type: ['object', 'null'],
                    properties: {
                      at: { type: 'string' },
                      ok: { type: 'boolean' },
                      customers: { type: 'integer' },
                      drifted: { type: 'integer' },
                      missing: { type: 'integer' },
                    },
                  },
                  resyncRequests: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        seq: { type: 'integer' },
                        eventId: { type: 'string' },
                        subject: { type: 'string' },
                        state: { type: 'string' },
                        receivedAt: { type: 'string' },
                        data: anyJson,
                      },
                    },
                  },
                },
              },
              signOffs: { type: 'array', items: signOffSchema },
            },
          },
          ...problems(500),
        },
      },
    },
    async (request) => {
      const mask = maskerFor(request.principal);
      const [resync, signOffs] = await Promise.all([
        store.eventsOfTypes({ types: [resyncType], limit: 500 }),
        store.listSignOffs(),
      ]);
      const checks = new Map(verifyChain(signOffs).map((c) => [c.seq, c.problem]));
      return {
        customerMaster: {
          lastRun: lastRun(),
          resyncRequests: resync.map((e) => ({
            seq: e.seq,
            eventId: e.event.id,
            subject: e.event.subject,
            state: e.state,
            receivedAt: new Date(e.receivedAt).toISOString(),
            data: mask.data(e.event.type, e.event.data),
          })),
        },
        signOffs: signOffs.map((s) => ({
          seq: s.seq,
          period: s.period,
          entity: s.entity,
          signedBy: s.signedBy,
          signedAt: s.signedAt,
          differences: s.differences,
          acceptedDifferences: s.acceptedDifferences,
          sha256: s.sha256,
          chainOk: checks.get(s.seq) === undefined,
          chainProblem: checks.get(s.seq) ?? null,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/admin/reconciliation/sign-offs/:id',
    {
      schema: {
        summary: 'One signed-off period reconciliation with its signed totals',
        tags,
        params: idParams,
        response: {
          200: { type: 'object', properties: { ...signOffSchema.properties, totals: anyJson } },
          ...problems(400, 404, 500),
        },
      },
    },
    async (request, reply) => {
      const seq = wholeNumber(request.params.id);
      if (seq === undefined) return sendProblem(reply, invalidId('sign-off'));
      const all = await store.listSignOffs();
      const found = all.find((s) => s.seq === seq);
      if (!found)
        return sendProblem(
          reply,
          problem(404, 'sign-off-not-found', 'Sign-off not found', `There is no sign-off ${seq}.`),
        );
      return signOffWithTotals(found, all);
    },
  );
}

// POST /v1/admin/reconciliation/sign-offs: finance signs a period off from the console or a script, as
// `ledgerline reconcile sign-off` does at the CLI. The period is reconciled now, against the systems this
// Ledgerline serves (every PSA against the ERP), and signed in the name of the authenticated caller, never
// a name typed in the request: the sign-off says who proved themselves, not who they said they were.
import type { People } from '../../security/people.ts';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import type { ReconcileScope } from '../../reconcile/report.ts';
import type { ReconciledRun } from '../../reconcile/read-systems.ts';
import { SystemReadError } from '../../reconcile/system-read-error.ts';
import { signOffPeriod } from '../../reconcile/sign-off-period.ts';
import { auditEntry, requestActor } from '../../audit/record.ts';
import { problem, sendProblem } from '../problem.ts';
import { anyJson, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import { signOffSchema, signOffWithTotals } from './admin-reconciliation.ts';

/** Reads one period from the configured systems and reconciles it. */
export type PeriodReconciler = (scope: ReconcileScope) => Promise<ReconciledRun>;

interface SignOffBody {
  period: string;
  entity?: string;
  acceptDifferences?: string;
}

const bodySchema = {
  type: 'object',
  required: ['period'],
  additionalProperties: false,
  properties: {
    period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'The month, YYYY-MM' },
    entity: { type: 'string', minLength: 1, maxLength: 64, description: 'One legal entity; absent: all' },
    acceptDifferences: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      pattern: '\\S',
      description: 'Why the period is signed with differences open; without it, open differences refuse',
    },
  },
} as const;

export function registerAdminSignOff(
  app: FastifyInstance,
  store: Store,
  people: People,
  reconcile: PeriodReconciler | undefined,
): void {
  app.post<{ Body: SignOffBody }>(
    '/v1/admin/reconciliation/sign-offs',
    {
      schema: {
        summary: 'Reconcile a period against the systems now and sign it off as the caller',
        tags,
        body: bodySchema,
        response: {
          201: { type: 'object', properties: { ...signOffSchema.properties, totals: anyJson } },
          ...problems(400, 401, 403, 409, 502, 503),
        },
      },
    },
    async (request, reply) => {
      if (reconcile === undefined)
        return sendProblem(
          reply,
          problem(
            503,
            'reconciliation-unavailable',
            'Reconciliation unavailable',
            'This Ledgerline does not read the systems; sign off with `ledgerline reconcile sign-off`.',
          ),
        );
      const { period, entity, acceptDifferences } = request.body;
      const scope: ReconcileScope = entity === undefined ? { period } : { period, entity };
      const scopeText = `${period}${entity === undefined ? '' : ` for ${entity}`}`;
      let run: ReconciledRun;
      try {
        run = await reconcile(scope);
      } catch (error) {
        if (!(error instanceof SystemReadError)) throw error;
        return sendProblem(reply, readFailure(error, scopeText));
      }
      const actor = requestActor(request.principal);
      const outcome = await signOffPeriod(store, run, {
        signedBy: actor,
        actor,
        people,
        at: new Date(),
        ...(acceptDifferences === undefined ? {} : { acceptedDifferences: acceptDifferences.trim() }),
      });
      if (outcome.kind === 'differences-open')
        return sendProblem(
          reply,
          problem(
            409,
            'differences-open',
            'Differences open',
            `${outcome.differences} difference(s) open in ${scopeText}: nothing was signed. Resolve them, or sign off with acceptDifferences giving the reason.`,
            { differences: outcome.differences, counts: run.report.counts },
          ),
        );
      if (outcome.kind === 'segregation') {
        // A refusal on the grounds of who is asking: audited, like any 403.
        await store.appendAudit([
          auditEntry(actor, 'access.refused', `period:${period}`, {
            route: 'POST /v1/admin/reconciliation/sign-offs',
            reason: 'segregation-of-duties',
            entity: entity ?? null,
            corrector: outcome.corrector,
          }),
        ]);
        return sendProblem(
          reply,
          problem(
            403,
            'segregation-of-duties',
            'Segregation of duties',
            `${people.describe(actor)} ran corrections for ${scopeText}${outcome.corrector === actor ? '' : ` as ${outcome.corrector}`}, so may not also sign it off: nothing was signed. Another person signs it off.`,
          ),
        );
      }
      const signed = outcome.signOff;
      return reply
        .code(201)
        .header('location', `/v1/admin/reconciliation/sign-offs/${signed.seq}`)
        .send(signOffWithTotals(signed, await store.listSignOffs()));
    },
  );
}

/** A system that could not be read is the outside's failure (502); a missing reader is configuration. */
function readFailure(error: SystemReadError, scopeText: string) {
  return error.failure === 'unreadable'
    ? problem(
        502,
        'system-unreadable',
        'A system could not be read',
        `${error.message}: nothing was signed for ${scopeText}.`,
      )
    : problem(409, 'reconciliation-unavailable', 'Reconciliation unavailable', `${error.message}.`);
}

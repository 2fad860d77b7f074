// POST /v1/admin/reconciliation/sign-offs: finance signs a period off from the console or a script, as
// `ledgerline reconcile sign-off` does at the CLI. The period is reconciled now, against the systems this
// Ledgerline serves (every PSA against the ERP), and signed in the name of the authenticated caller, never
// a name typed in the request: the sign-off says who proved themselves, not who they said they were.
// Reading a large period takes a while: `Prefer: respond-async` answers 202 and the request is polled
// (admin-sign-off-requests.ts).
import type { People } from '../../security/people.ts';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import type { ReconcileScope } from '../../reconcile/report.ts';
import type { ReconciledRun } from '../../reconcile/read-systems.ts';
import { SystemReadError } from '../../reconcile/system-read-error.ts';
import { signOffPeriod } from '../../reconcile/sign-off-period.ts';
import { auditEntry, requestActor } from '../../audit/record.ts';
import { problem, sendProblem, type Problem } from '../problem.ts';
import { signOffRequestSchema, type SignOffRequests } from './admin-sign-off-requests.ts';
import { anyJson, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import { signOffSchema, signOffWithTotals } from './admin-reconciliation.ts';

/** Reads one period from the configured systems and reconciles it. */
export type PeriodReconciler = (scope: ReconcileScope) => Promise<ReconciledRun>;

export interface SignOffBody {
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

/** What a sign-off request comes to: the sign-off made, or the problem that refused it. */
export type SignOffAnswer =
  | { readonly kind: 'signed'; readonly location: string; readonly body: unknown }
  | { readonly kind: 'refused'; readonly problem: Problem };

export interface SignOffDeps {
  readonly store: Store;
  readonly people: People;
  readonly reconcile: PeriodReconciler;
}

/** Reconciles the period now and signs it off as `actor`, or says why not (audited where it is about who
 * asks). Both the synchronous request and a `Prefer: respond-async` one come here. */
export async function answerSignOff(
  deps: SignOffDeps,
  body: SignOffBody,
  actor: string,
): Promise<SignOffAnswer> {
  const { store, people, reconcile } = deps;
  const { period, entity, acceptDifferences } = body;
  const scope: ReconcileScope = entity === undefined ? { period } : { period, entity };
  const scopeText = `${period}${entity === undefined ? '' : ` for ${entity}`}`;
  let run: ReconciledRun;
  try {
    run = await reconcile(scope);
  } catch (error) {
    if (!(error instanceof SystemReadError)) throw error;
    return { kind: 'refused', problem: readFailure(error, scopeText) };
  }
  const outcome = await signOffPeriod(store, run, {
    signedBy: actor,
    actor,
    people,
    at: new Date(),
    ...(acceptDifferences === undefined ? {} : { acceptedDifferences: acceptDifferences.trim() }),
  });
  if (outcome.kind === 'differences-open')
    return {
      kind: 'refused',
      problem: problem(
        409,
        'differences-open',
        'Differences open',
        `${outcome.differences} difference(s) open in ${scopeText}: nothing was signed. Resolve them, or sign off with acceptDifferences giving the reason.`,
        { differences: outcome.differences, counts: run.report.counts },
      ),
    };
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
    return {
      kind: 'refused',
      problem: problem(
        403,
        'segregation-of-duties',
        'Segregation of duties',
        `${people.describe(actor)} ran corrections for ${scopeText}${outcome.corrector === actor ? '' : ` as ${outcome.corrector}`}, so may not also sign it off: nothing was signed. Another person signs it off.`,
      ),
    };
  }
  const signed = outcome.signOff;
  return {
    kind: 'signed',
    location: `/v1/admin/reconciliation/sign-offs/${signed.seq}`,
    body: signOffWithTotals(signed, await store.listSignOffs()),
  };
}

const unavailable = problem(
  503,
  'reconciliation-unavailable',
  'Reconciliation unavailable',
  'This Ledgerline does not read the systems; sign off with `ledgerline reconcile sign-off`.',
);

/** RFC 7240: the caller would rather have 202 and poll than hold the connection while the systems are read. */
function prefersAsync(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values.some((v) => v.split(',').some((p) => p.trim().toLowerCase() === 'respond-async'));
}

export function registerAdminSignOff(
  app: FastifyInstance,
  store: Store,
  people: People,
  reconcile: PeriodReconciler | undefined,
  requests: SignOffRequests,
): void {
  app.post<{ Body: SignOffBody }>(
    '/v1/admin/reconciliation/sign-offs',
    {
      schema: {
        summary: 'Reconcile a period against the systems now and sign it off as the caller',
        description:
          'Answers when the period is reconciled and signed (201), or refused. With `Prefer: respond-async` ' +
          'it answers 202 at once, with the request to poll in Location (a large period is read from the ' +
          'systems for longer than a client or proxy waits).',
        tags,
        body: bodySchema,
        response: {
          201: { type: 'object', properties: { ...signOffSchema.properties, totals: anyJson } },
          202: signOffRequestSchema,
          ...problems(400, 401, 403, 409, 502, 503),
        },
      },
    },
    async (request, reply) => {
      if (reconcile === undefined) return sendProblem(reply, unavailable);
      const actor = requestActor(request.principal);
      const deps = { store, people, reconcile };
      if (prefersAsync(request.headers.prefer)) {
        const pending = requests.start(request.body, actor, () => answerSignOff(deps, request.body, actor));
        return reply
          .code(202)
          .header('location', requests.locationOf(pending.id))
          .header('preference-applied', 'respond-async')
          .header('retry-after', '1')
          .send(pending);
      }
      const answer = await answerSignOff(deps, request.body, actor);
      if (answer.kind === 'refused') return sendProblem(reply, answer.problem);
      return reply.code(201).header('location', answer.location).send(answer.body);
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

// GET /v1/admin/postings/{id}/explain: `ledgerline explain` over HTTP, for finance and auditors. The
// answer is the explanation whether or not it proves the posting (`proven`, `problems`); a posting that
// is not there, or a reference naming several, is a problem.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { explainPosting } from '../../audit/explain-posting.ts';
import { problem, sendProblem } from '../problem.ts';
import { anyJson, nullableString, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

/** Who may read an explanation: it shows amounts, cost rates and reference data. */

const explanationSchema = {
  type: 'object',
  properties: {
    proven: { type: 'boolean', description: 'the digest matches and the posting re-derives byte for byte' },
    problems: { type: 'array', items: { type: 'string' }, description: 'why it is not proven' },
    posting: anyJson,
    source: anyJson,
    digest: {
      type: 'object',
      properties: { carried: nullableString, recomputed: nullableString, matches: { type: 'boolean' } },
    },
    posted: { type: 'array', items: anyJson },
    derivation: anyJson,
    sourceRemoved: {
      ...anyJson,
      description: 'set when the source was erased or purged (audited): the digest cannot be recomputed',
    },
    reDerived: {
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: ['identical', 'different', 'not-derivable'] },
        differences: { type: 'array', items: { type: 'string' } },
      },
    },
    audit: { type: 'array', items: anyJson },
  },
} as const;

export function registerAdminExplain(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string } }>(
    '/v1/admin/postings/:id/explain',
    {
      schema: {
        summary: 'Prove a posting: its source approval, digest, amounts, reference data and re-derivation',
        description:
          "id is a delivery seq, an idempotency key (URL-encoded, e.g. `time:sandbox-psa:4711%2Fpostings`) or the target's id for a posting. Roles: admin, finance, auditor (src/security/permissions.ts).",
        tags,
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 200: explanationSchema, ...problems(400, 403, 404, 409, 500) },
      },
    },
    async (request, reply) => {
      const lookup = await explainPosting(store, request.params.id);
      if (lookup.found === 'none')
        return sendProblem(
          reply,
          problem(
            404,
            'posting-not-found',
            'No such posting',
            `No posting ${request.params.id}: name it by delivery seq, idempotency key or the target's id.`,
          ),
        );
      if (lookup.found === 'many')
        return sendProblem(
          reply,
          problem(
            409,
            'posting-ambiguous',
            'Several postings',
            `${request.params.id} names ${lookup.candidates.length} postings: name one by its delivery seq.`,
            { deliverySeqs: lookup.candidates.map((d) => d.seq) },
          ),
        );
      return lookup.explanation;
    },
  );
}

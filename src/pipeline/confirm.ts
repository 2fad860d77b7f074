// Turns events whose deliveries all succeeded into confirmation events, cross-references and releases.
// Confirmation ids derive from the confirmed event, so confirming twice (replay) records one event.
import type { EventOf, PostingKind } from '../contracts/index.ts';
import type { CompletedEvent, Confirmation } from '../store/port.ts';
import { dependencyKey } from '../store/port.ts';
import { commandsOf } from './command-payload.ts';
import { confirmQuoteToCash } from './confirm-quote-to-cash.ts';
import { envelope } from './confirmation-envelope.ts';

export { ledgerlineSource } from './confirmation-envelope.ts';

export function buildConfirmations(completed: readonly CompletedEvent[], now: number): Confirmation[] {
  const out: Confirmation[] = [];
  for (const c of completed) {
    if (c.event.type === 'io.ledgerline.project.activated.v1') {
      const delivery = c.deliveries.find((d) => d.kind === 'provisionProject');
      const [command] = delivery ? commandsOf(delivery) : [];
      const externalId = delivery?.externalRefs[0]?.externalId;
      if (!delivery || command?.kind !== 'provisionProject' || externalId === undefined) continue;
      const projectId = command.project.id;
      const { opportunityId } = command.project;
      const event: EventOf<'ProjectProvisioned'> = {
        ...envelope(c.event, 'io.ledgerline.project.provisioned.v1', 'provisioned', projectId, now),
        data: {
          projectId,
          system: delivery.target,
          externalId,
          ...(opportunityId === undefined ? {} : { opportunityId }),
        },
      };
      out.push({
        causeSeq: c.seq,
        event,
        xrefs: [{ canonicalId: projectId, system: delivery.target, externalId }],
        releases: [
          dependencyKey({ kind: 'xref', canonicalId: projectId, system: delivery.target, awaiting: '' }),
        ],
        supersedesRejectionsOf: projectId,
        // A won deal's project gets its contract next (decided from this confirmation).
        ...(opportunityId === undefined ? {} : { followUpQueue: 'master' as const }),
      });
    } else if (c.event.type === 'io.ledgerline.time.approved.v1') {
      const postings = c.deliveries.flatMap((d) => {
        if (d.kind !== 'postTimeEntry') return [];
        const ids = new Map(d.externalRefs.map((r) => [r.key, r.externalId]));
        return commandsOf(d).flatMap((command) => {
          const externalId = ids.get(command.idempotencyKey);
          if (
            externalId === undefined ||
            (command.kind !== 'postBillableLine' && command.kind !== 'postCost')
          )
            return [];
          const kind: PostingKind = command.kind === 'postBillableLine' ? 'billable-line' : 'cost';
          return [
            {
              kind,
              system: d.target,
              externalId,
              amount: command.amount,
              idempotencyKey: command.idempotencyKey,
            },
          ];
        });
      });
      if (postings.length === 0) continue;
      const entry = c.event.data;
      const event: EventOf<'TimePosted'> = {
        ...envelope(c.event, 'io.ledgerline.time.posted.v1', 'posted', entry.id, now),
        data: { timeEntryId: entry.id, projectId: entry.projectId, postings },
      };
      out.push({
        causeSeq: c.seq,
        event,
        // A posting's cross-reference is its delivery row (idempotency key <-> the ERP's id); a second
        // copy in xrefs would cost two writes per entry for nothing.
        xrefs: [],
        releases: [],
      });
    } else out.push(...confirmQuoteToCash(c, now));
  }
  return out;
}

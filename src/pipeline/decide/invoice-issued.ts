import type { EventOf } from '../../contracts/index.ts';
import type { RecordInvoiceStatus } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { changedFields, governanceRefusal } from './governed.ts';
import { psaOfProject, readOnlyPsaOfProject } from './psa-of-project.ts';

/** The ERP's invoice (number, status, tax) goes back to the PSA that holds its project. */
export function decideInvoiceIssued(
  seq: number,
  event: EventOf<'InvoiceIssued'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const invoice = event.data;
  const changed = changedFields(ctx.master('invoice', invoice.id)?.data, invoice);
  const refused = governanceRefusal(seq, event, 'invoice', invoice.id, changed, env);
  if (refused) return refused;
  const record = { kind: 'invoice', id: invoice.id, data: invoice } as const;
  ctx.remember(record);
  const psa = psaOfProject(invoice.projectId, env);
  const readOnly = psa ? undefined : readOnlyPsaOfProject(invoice.projectId, env);
  if (readOnly !== undefined)
    return {
      seq,
      kind: 'complete',
      upserts: [record],
      note: `invoice ${invoice.number} stays in ${env.erpSystem}: ${readOnly} takes no invoice status`,
    };
  if (!psa)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'routing.no_psa_for_project',
      reason: `invoice ${invoice.number} is for ${invoice.projectId}, which no configured PSA holds`,
      detail: { projectId: invoice.projectId },
    };
  const command: RecordInvoiceStatus = {
    kind: 'recordInvoiceStatus',
    idempotencyKey: `${invoice.id}/${event.source}/${event.id}`,
    invoice,
    projectExternalId: psa.externalId,
  };
  return {
    seq,
    kind: 'deliver',
    upserts: [record],
    // Ordered by project, so a payment's status never overtakes its invoice.
    deliveries: [
      commandDelivery(
        psa.system,
        'recordInvoiceStatus',
        'transactional',
        invoice.projectId,
        command.idempotencyKey,
        [command],
      ),
    ],
  };
}

import type { EventOf } from '../../contracts/index.ts';
import type { RecordPayment } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { psaOfProject, readOnlyPsaOfProject } from './psa-of-project.ts';
import { awaitMaster } from './waits.ts';

/** A payment goes back to the PSA once its invoice is known there; until then it waits (parked). */
export function decidePaymentReceived(
  seq: number,
  event: EventOf<'PaymentReceived'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const payment = event.data;
  const refused = governanceRefusal(seq, event, 'payment', payment.id, ['status', 'amount'], env);
  if (refused) return refused;
  const invoice = ctx.master('invoice', payment.invoiceId)?.data;
  if (!invoice) return awaitMaster(seq, 'invoice', payment.invoiceId, 'InvoiceIssued');
  const psa = psaOfProject(invoice.projectId, env);
  const readOnly = psa ? undefined : readOnlyPsaOfProject(invoice.projectId, env);
  if (readOnly !== undefined)
    return {
      seq,
      kind: 'complete',
      note: `payment ${payment.id} stays in ${env.erpSystem}: ${readOnly} takes no payment status`,
    };
  if (!psa)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'routing.no_psa_for_project',
      reason: `payment ${payment.id} is for invoice ${invoice.number} of ${invoice.projectId}, which no configured PSA holds`,
      detail: { projectId: invoice.projectId },
    };
  const command: RecordPayment = {
    kind: 'recordPayment',
    idempotencyKey: `${payment.id}/${event.source}/${event.id}`,
    payment,
    invoiceNumber: invoice.number,
    projectExternalId: psa.externalId,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(
        psa.system,
        'recordPayment',
        'transactional',
        invoice.projectId,
        command.idempotencyKey,
        [command],
      ),
    ],
  };
}

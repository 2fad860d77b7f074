// Confirmations of the quote-to-cash writes: the customer exists in the PSA, the invoice's and payment's
// status is shown there, the expense is posted in the ERP, a won deal's contract is in the ERP. One per delivery, keyed by the target.
import type { EventOf } from '../contracts/index.ts';
import type { CompletedEvent, Confirmation, StoredDelivery } from '../store/port.ts';
import { commandsOf } from './command-payload.ts';
import { dependencyKey } from '../store/port.ts';
import { parseCanonicalId } from '../governance/domain-of.ts';
import { envelope } from './confirmation-envelope.ts';

function firstId(d: StoredDelivery): string | undefined {
  return d.externalRefs[0]?.externalId;
}

export function confirmQuoteToCash(c: CompletedEvent, now: number): Confirmation[] {
  const out: Confirmation[] = [];
  for (const d of c.deliveries) {
    const externalId = firstId(d);
    const [command] = commandsOf(d);
    if (externalId === undefined || command === undefined) continue;
    const confirm = (event: Confirmation['event'], xrefs: Confirmation['xrefs'] = []): void => {
      // A new cross-reference releases whatever was parked waiting for it (a won deal for its customer).
      const releases = xrefs.map((x) =>
        dependencyKey({ kind: 'xref', canonicalId: x.canonicalId, system: x.system, awaiting: '' }),
      );
      out.push({ causeSeq: c.seq, event, xrefs, releases });
    };
    if (command.kind === 'upsertCustomer') {
      const customerId = command.customer.id;
      const event: EventOf<'CustomerSynced'> = {
        ...envelope(c.event, 'io.ledgerline.customer.synced.v1', `synced/${d.target}`, customerId, now),
        data: { customerId, system: d.target, externalId },
      };
      confirm(event, [{ canonicalId: customerId, system: d.target, externalId }]);
    } else if (command.kind === 'createContract') {
      const { contract } = command;
      const event: EventOf<'ProjectContracted'> = {
        ...envelope(c.event, 'io.ledgerline.project.contracted.v1', 'contracted', contract.projectId, now),
        data: {
          projectId: contract.projectId,
          contractId: contract.id,
          system: d.target,
          projectExternalId: command.projectExternalId,
          contractExternalId: externalId,
        },
      };
      confirm(event, [{ canonicalId: contract.id, system: d.target, externalId }]);
    } else if (command.kind === 'recordInvoiceStatus') {
      const { invoice } = command;
      const event: EventOf<'InvoiceStatusFedBack'> = {
        ...envelope(
          c.event,
          'io.ledgerline.invoice.status-fed-back.v1',
          `fed-back/${d.target}`,
          invoice.id,
          now,
        ),
        data: {
          invoiceId: invoice.id,
          number: invoice.number,
          status: invoice.status,
          system: d.target,
          externalId,
        },
      };
      confirm(event);
    } else if (command.kind === 'recordPayment') {
      const { payment } = command;
      const event: EventOf<'PaymentStatusFedBack'> = {
        ...envelope(
          c.event,
          'io.ledgerline.payment.status-fed-back.v1',
          `fed-back/${d.target}`,
          payment.id,
          now,
        ),
        data: {
          paymentId: payment.id,
          invoiceId: payment.invoiceId,
          amount: payment.amount,
          status: payment.status,
          system: d.target,
          externalId,
        },
      };
      confirm(event);
    } else if (command.kind === 'releaseBillingItem') {
      const project = parseCanonicalId(command.projectId);
      const event: EventOf<'BillingScheduleReleasePosted'> = {
        ...envelope(
          c.event,
          'io.ledgerline.billing-schedule.release-posted.v1',
          'posted',
          command.milestoneId,
          now,
        ),
        data: {
          billingScheduleId: `billing-schedule:${project?.system ?? 'unknown'}:${project?.nativeId ?? command.projectId}`,
          projectId: command.projectId,
          items: [
            {
              itemId: command.billingItemId,
              system: d.target,
              externalId,
              amount: command.amount,
              idempotencyKey: command.idempotencyKey,
            },
          ],
        },
      };
      confirm(event);
    } else if (command.kind === 'postExpense') {
      const { expense } = command;
      const event: EventOf<'ExpensePosted'> = {
        ...envelope(c.event, 'io.ledgerline.expense.posted.v1', 'posted', expense.id, now),
        data: {
          expenseId: expense.id,
          projectId: expense.projectId,
          postings: [
            {
              kind: 'cost',
              system: d.target,
              externalId,
              amount: expense.amount,
              idempotencyKey: command.idempotencyKey,
            },
          ],
        },
      };
      confirm(event);
    }
  }
  return out;
}

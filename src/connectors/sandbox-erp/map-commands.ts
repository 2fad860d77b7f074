// Canonical commands to the sandbox ERP's operations. Amounts are sent exactly as the domain computed
// them; the ERP re-checks them, so a disagreement surfaces as a rejection rather than a silent fix.
// Body keys are written in sorted order: the ERP fingerprints canonical (sorted) JSON and can skip
// re-sorting a body that already is.
import type { TaxTreatment } from '../../contracts/index.ts';
import type { TargetCommand } from '../kit/commands.ts';
import {
  closeOperation,
  contractOperation,
  expenseCorrectionOperation,
  expenseOperation,
  expenseReversalOperation,
  releaseOperation,
} from './map-billing-commands.ts';
import { billingMethods, customerRef } from './map-shared.ts';
import { bookingFields, lineTaxFields, sourceDigestField } from './map-booking.ts';
import { correctionOperation } from './map-correction.ts';
import type { MappedCommand } from './map-shared.ts';

export type { MappedCommand } from './map-shared.ts';

/** The ERP's tax codes carry the same names as the canonical treatments; kept explicit on purpose. */
const taxCodes: Readonly<Record<TaxTreatment, string>> = {
  standard: 'standard',
  reduced: 'reduced',
  'zero-rated': 'zero-rated',
  exempt: 'exempt',
  'reverse-charge': 'reverse-charge',
};

function inconsistentCurrency(kind: string, rate: string, amount: string): MappedCommand {
  return {
    ok: false,
    result: {
      outcome: 'reject',
      reasonCode: 'erp.inconsistent_currency',
      message: `${kind}: rate currency ${rate} differs from amount currency ${amount}; the ERP books one currency per line`,
    },
  };
}

/** `system` is this ERP's system name, the id space of its own customers. */
export function toOperation(command: TargetCommand, system: string): MappedCommand {
  switch (command.kind) {
    case 'provisionProject': {
      const { project } = command;
      return {
        ok: true,
        operation: {
          op: 'project.create',
          idempotency_key: command.idempotencyKey,
          body: {
            billing_method: billingMethods[project.billingModel],
            code: project.code,
            company: project.legalEntityId,
            currency: project.currency,
            ...(project.customerId === undefined
              ? {}
              : { customer_ref: customerRef(project.customerId, system) }),
            name: project.name,
            // The canonical id, so that the ERP's invoices name the project as Ledgerline knows it.
            source_ref: project.id,
            tax_code: taxCodes[project.taxTreatment],
          },
        },
      };
    }
    case 'postBillableLine':
      if (command.rate.currency !== command.amount.currency)
        return inconsistentCurrency(command.kind, command.rate.currency, command.amount.currency);
      return {
        ok: true,
        operation: {
          op: 'billing_line.create',
          idempotency_key: command.idempotencyKey,
          body: {
            amount: command.amount.amount,
            currency: command.amount.currency,
            date: command.workDate,
            description: command.description,
            employee_ref: command.resourceId,
            project_id: command.projectExternalId,
            quantity: command.hours,
            source_ref: command.timeEntryId,
            unit_price: command.rate.amount,
            ...bookingFields(command.booking),
            ...lineTaxFields(command.tax),
            ...sourceDigestField(command.sourceDigest),
          },
        },
      };
    case 'postCost':
      if (command.costRate.currency !== command.amount.currency)
        return inconsistentCurrency(command.kind, command.costRate.currency, command.amount.currency);
      return {
        ok: true,
        operation: {
          op: 'cost_posting.create',
          idempotency_key: command.idempotencyKey,
          body: {
            amount: command.amount.amount,
            cost_rate: command.costRate.amount,
            currency: command.amount.currency,
            date: command.workDate,
            employee_ref: command.resourceId,
            hours: command.hours,
            project_id: command.projectExternalId,
            source_ref: command.timeEntryId,
            ...bookingFields(command.booking),
            ...sourceDigestField(command.sourceDigest),
          },
        },
      };
    case 'revisePostedTime':
      return correctionOperation(command);
    case 'withdrawPostedTime':
      return {
        ok: true,
        operation: {
          op: 'time_entry.reverse',
          idempotency_key: command.idempotencyKey,
          body: {
            project_id: command.projectExternalId,
            reason: command.reason,
            source_ref: command.timeEntryId,
          },
        },
      };
    case 'createContract':
      return contractOperation(command, system);
    case 'postExpense':
      return expenseOperation(command);
    case 'reviseExpense':
      return expenseCorrectionOperation(command);
    case 'withdrawExpense':
      return expenseReversalOperation(command);
    case 'releaseBillingItem':
      return releaseOperation(command);
    case 'closeProject':
      return closeOperation(command);
    default:
      // A command meant for another system, or one this ERP has no operation for: refused, never guessed.
      return {
        ok: false,
        result: {
          outcome: 'reject',
          reasonCode: 'erp.unsupported_command',
          message: `the sandbox ERP has no operation for ${command.kind}`,
        },
      };
  }
}

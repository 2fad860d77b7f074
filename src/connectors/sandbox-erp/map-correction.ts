// A revised time entry as the ERP's correction: reverse what is live for the entry, book the new state.
import type { RevisePostedTime } from '../kit/commands.ts';
import { bookingFields, lineTaxFields } from './map-booking.ts';
import type { MappedCommand } from './map-shared.ts';

export function correctionOperation(command: RevisePostedTime): MappedCommand {
  const { billable, cost } = command;
  return {
    ok: true,
    operation: {
      op: 'time_entry.correct',
      idempotency_key: command.idempotencyKey,
      body: {
        ...(billable
          ? {
              billing_line: {
                amount: billable.amount.amount,
                currency: billable.amount.currency,
                date: command.workDate,
                description: billable.description,
                employee_ref: command.resourceId,
                quantity: command.hours,
                unit_price: billable.rate.amount,
                ...bookingFields(billable.booking),
                ...lineTaxFields(billable.tax),
              },
            }
          : {}),
        cost_posting: {
          amount: cost.amount.amount,
          cost_rate: cost.costRate.amount,
          currency: cost.amount.currency,
          date: command.workDate,
          employee_ref: command.resourceId,
          hours: command.hours,
          ...bookingFields(cost.booking),
        },
        project_id: command.projectExternalId,
        source_ref: command.timeEntryId,
      },
    },
  };
}

// What a project has to invoice: its billing lines (time), its rebillable expenses and its released
// billing items (milestones) that no invoice has billed yet, in that order and in creation order.
import type { ErpState } from './erp-state.ts';
import type { ProjectRecord } from './records.ts';
import type { InvoiceItemKind } from './wire-feed.ts';

export interface InvoiceItem {
  readonly item_id: string;
  readonly item_kind: InvoiceItemKind;
  readonly source_ref: string;
  readonly description: string;
  readonly quantity: string;
  readonly unit_price: string;
  /** Already at the currency's minor unit: the ERP booked it so. */
  readonly net: string;
  /** The line's own tax, when it was booked with the rate in force on its date. */
  readonly lineTax?: { readonly code: string; readonly rate: string; readonly amount: string };
}

export function uninvoicedItems(state: ErpState, project: ProjectRecord): InvoiceItem[] {
  const invoiced = state.receivables.invoicedItems;
  const id = project.project_id;
  const items: InvoiceItem[] = [];
  // A reversed line and its reversal cancel out before invoicing: neither is billed.
  for (const line of state.billingLinesByProject.get(id) ?? [])
    if (
      !invoiced.has(line.billing_line_id) &&
      line.reverses === undefined &&
      !state.reversed.has(line.billing_line_id)
    )
      items.push({
        item_id: line.billing_line_id,
        item_kind: 'time',
        source_ref: line.source_ref,
        description: line.description === '' ? `Time on ${line.date}` : line.description,
        quantity: line.quantity,
        unit_price: line.unit_price,
        net: line.amount,
        ...(line.tax_code !== undefined && line.tax_rate !== undefined && line.tax_amount !== undefined
          ? { lineTax: { code: line.tax_code, rate: line.tax_rate, amount: line.tax_amount } }
          : {}),
      });
  for (const expense of state.book.expensesByProject.get(id) ?? [])
    if (
      expense.billable &&
      !invoiced.has(expense.expense_id) &&
      expense.reverses === undefined &&
      !state.book.reversedExpenses.has(expense.expense_id)
    )
      items.push({
        item_id: expense.expense_id,
        item_kind: 'expense',
        source_ref: expense.source_ref,
        description: expense.description,
        quantity: '1',
        unit_price: expense.amount,
        net: expense.amount,
      });
  for (const release of state.book.releasesByProject.get(id) ?? [])
    if (!invoiced.has(release.release_id))
      items.push({
        item_id: release.release_id,
        item_kind: 'milestone',
        source_ref: release.billing_item_ref,
        description: release.description === '' ? `Milestone ${release.milestone_ref}` : release.description,
        quantity: '1',
        unit_price: release.amount,
        net: release.amount,
      });
  return items;
}

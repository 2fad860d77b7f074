// What an operator does in Tryton's own client, done over RPC for the tests: pay an invoice.
import type { TrytonRpc } from '../rpc-client.ts';
import { toDate, toDecimal } from '../codec.ts';

/** Runs the "Pay" wizard on a posted customer invoice for `amount` with the "Bank" payment method. */
export async function payInvoice(
  rpc: TrytonRpc,
  invoice: number,
  amount: string,
  date: string,
): Promise<void> {
  const [method] = (await rpc.model(
    'account.invoice.payment.method',
    'search',
    [['name', '=', 'Bank']],
    0,
    1,
    null,
  )) as number[];
  const [currency] = (await rpc.model(
    'currency.currency',
    'search',
    [['code', '=', 'EUR']],
    0,
    1,
    null,
  )) as number[];
  const [session] = (await rpc.call('wizard.account.invoice.pay.create', (ctx) => [ctx])) as number[];
  const active = { active_id: invoice, active_ids: [invoice], active_model: 'account.invoice' };
  const start = {
    amount: toDecimal(amount),
    currency,
    description: `Bank transfer ${invoice}`,
    payment_method: method,
    date: toDate(date),
  };
  await rpc.call('wizard.account.invoice.pay.execute', (ctx) => [
    session,
    { start },
    'choice',
    { ...ctx, ...active },
  ]);
  await rpc.call('wizard.account.invoice.pay.delete', (ctx) => [session, ctx]);
}

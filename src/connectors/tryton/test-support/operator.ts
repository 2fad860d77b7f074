// What an operator does in Tryton's own client, done over RPC for the tests: pay an invoice, close or
// reopen an accounting period, enter currency rates.
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

async function periodOf(rpc: TrytonRpc, month: string): Promise<number> {
  const [period] = (await rpc.model(
    'account.period',
    'search',
    [
      ['start_date', '=', toDate(`${month}-01`)],
      ['type', '=', 'standard'],
    ],
    0,
    1,
    null,
  )) as number[];
  if (period === undefined) throw new Error(`Tryton has no standard period starting ${month}-01`);
  return period;
}

/** The period's "Close" button (Financial > Periods). */
export async function closePeriod(rpc: TrytonRpc, month: string): Promise<void> {
  await rpc.model('account.period', 'close', [await periodOf(rpc, month)]);
}

/** The period's "Re-Open" button. */
export async function reopenPeriod(rpc: TrytonRpc, month: string): Promise<void> {
  await rpc.model('account.period', 'reopen', [await periodOf(rpc, month)]);
}

/**
 * Rates of a currency against Tryton's base, each from its date (Currency > Rates); the currency is
 * created when the database has none of that code (a template from before it had USD).
 */
export async function enterRates(
  rpc: TrytonRpc,
  code: string,
  rates: readonly { readonly date: string; readonly rate: string }[],
): Promise<void> {
  let [currency] = (await rpc.model(
    'currency.currency',
    'search',
    [['code', '=', code]],
    0,
    1,
    null,
  )) as number[];
  currency ??= (
    (await rpc.model('currency.currency', 'create', [
      { name: code, code, symbol: code, rounding: toDecimal('0.01'), digits: 2 },
    ])) as number[]
  )[0];
  await rpc.model(
    'currency.currency.rate',
    'create',
    rates.map((r) => ({ currency, date: toDate(r.date), rate: toDecimal(r.rate) })),
  );
}

// What every command needs from the Tryton database, read once per connector: the company the user books
// for (from the session context) and its currency, the service product and the customer payment term.
import { CompanyRow, Ids, NamedRow, rows } from './records.ts';
import { TrytonCallError } from './rpc-failure.ts';
import type { TrytonRpc } from './rpc-client.ts';

export interface Books {
  readonly rpc: TrytonRpc;
  readonly system: string;
  readonly legalEntityId: string;
  readonly company: number;
  /** ISO code of the company currency: Tryton's project invoicing always invoices in it. */
  readonly currency: string;
  /** Tryton's id of the company currency (its rates are the numerator of every cross rate). */
  readonly currencyId: number;
  readonly product: number;
  readonly paymentTerm: number;
}

export interface SetupOptions {
  readonly system: string;
  readonly legalEntityId: string;
  readonly product: string;
  readonly paymentTerm: string | undefined;
}

const missing = (message: string) =>
  new TrytonCallError({ retryable: false, reasonCode: 'tryton.not_configured', message });

export async function readBooks(rpc: TrytonRpc, options: SetupOptions): Promise<Books> {
  const company = (await rpc.context())['company'];
  if (typeof company !== 'number')
    throw missing('the Tryton user has no current company: set one in the user preferences');
  const [companyRow] = await rpc.modelChecked(
    rows(CompanyRow),
    'company.company',
    'read',
    [company],
    ['currency', 'currency.code'],
  );
  if (companyRow === undefined) throw missing(`company ${company} cannot be read`);
  const [product] = await rpc.modelChecked(
    Ids,
    'product.product',
    'search',
    [['name', '=', options.product]],
    0,
    1,
    null,
  );
  if (product === undefined) throw missing(`no product named "${options.product}" in Tryton`);
  const termDomain = options.paymentTerm === undefined ? [] : [['name', '=', options.paymentTerm]];
  const [term] = await rpc.modelChecked(
    rows(NamedRow),
    'account.invoice.payment_term',
    'search_read',
    termDomain,
    0,
    1,
    [['id', 'ASC']],
    ['name'],
  );
  if (term === undefined)
    throw missing(
      `no payment term${options.paymentTerm === undefined ? '' : ` named "${options.paymentTerm}"`}`,
    );
  return {
    rpc,
    system: options.system,
    legalEntityId: options.legalEntityId,
    company,
    currency: companyRow['currency.'].code,
    currencyId: companyRow.currency,
    product,
    paymentTerm: term.id,
  };
}

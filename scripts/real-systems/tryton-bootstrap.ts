// Brings a freshly created Tryton database (modules activated by `tryton.sh init`) to what the Tryton
// connector books against: EUR (with the base rate 1 every cross rate divides by), USD as a second
// currency (no rates: enter them in Tryton, each from its date), a company attached to admin, a chart of
// accounts, fiscal years from last year to next year with monthly periods, a payment term, a cash payment
// method, the "Consulting" service product and a few employees. Idempotent: every step looks for what it
// would create first.
//
//   TRYTON_URL=http://127.0.0.1:8000 TRYTON_DATABASE=ledgerline_tmpl \
//   TRYTON_ADMIN_PASSWORD_FILE=/var/lib/tryton/.ledgerline-admin node --import tsx scripts/real-systems/tryton-bootstrap.ts
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { checkerOf, TrytonRpc } from '../../src/connectors/tryton/rpc-client.ts';
import { toDate, toDecimal } from '../../src/connectors/tryton/codec.ts';
import { TrytonCallError } from '../../src/connectors/tryton/rpc-failure.ts';

const COMPANY_NAME = 'Ledgerline Services BV';
const EMPLOYEES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'];

const Ids = checkerOf(Type.Array(Type.Integer()));
const OneId = checkerOf(Type.Array(Type.Integer(), { minItems: 1, maxItems: 1 }));
const DataRows = checkerOf(Type.Array(Type.Object({ id: Type.Integer(), db_id: Type.Integer() })));

function say(line: string): void {
  console.log(`bootstrap: ${line}`);
}

async function find(rpc: TrytonRpc, model: string, domain: unknown[]): Promise<number | undefined> {
  const ids = await rpc.modelChecked(Ids, model, 'search', domain, 0, 1, null);
  return ids[0];
}

async function createOne(rpc: TrytonRpc, model: string, values: object): Promise<number> {
  const [id] = await rpc.modelChecked(OneId, model, 'create', [values]);
  if (id === undefined) throw new Error(`${model}.create answered no id`);
  return id;
}

/** Finds by `domain`, else creates `values`; says which. */
async function ensure(
  rpc: TrytonRpc,
  what: string,
  model: string,
  domain: unknown[],
  values: () => object | Promise<object>,
): Promise<number> {
  const found = await find(rpc, model, domain);
  if (found !== undefined) {
    say(`${what}: exists (${model} ${found})`);
    return found;
  }
  const id = await createOne(rpc, model, await values());
  say(`${what}: created (${model} ${id})`);
  return id;
}

async function dataId(rpc: TrytonRpc, module: string, fsId: string): Promise<number> {
  const [row] = await rpc.modelChecked(
    DataRows,
    'ir.model.data',
    'search_read',
    [
      ['module', '=', module],
      ['fs_id', '=', fsId],
    ],
    0,
    1,
    null,
    ['db_id'],
  );
  if (row === undefined) throw new Error(`no ir.model.data ${module}.${fsId}`);
  return row.db_id;
}

async function companyAndUser(rpc: TrytonRpc, currency: number): Promise<number> {
  const company = await ensure(
    rpc,
    `company "${COMPANY_NAME}"`,
    'company.company',
    [['party.name', '=', COMPANY_NAME]],
    async () => ({
      party: await createOne(rpc, 'party.party', { name: COMPANY_NAME }),
      currency,
    }),
  );
  const [admin] = await rpc.modelChecked(Ids, 'res.user', 'search', [['login', '=', 'admin']], 0, 1, null);
  if (admin === undefined) throw new Error('no admin user');
  await rpc.model('res.user', 'write', [admin], { companies: [['add', [company]]], company });
  await rpc.refreshContext(); // the context now carries the company every later call needs
  return company;
}

async function accountOf(rpc: TrytonRpc, company: number, kind: string): Promise<number | undefined> {
  return find(rpc, 'account.account', [
    ['company', '=', company],
    [`type.${kind}`, '=', true],
  ]);
}

async function chartOfAccounts(rpc: TrytonRpc, company: number): Promise<{ revenue: number; cash: number }> {
  if ((await accountOf(rpc, company, 'receivable')) === undefined) {
    const template = await dataId(rpc, 'account', 'account_template_root_en');
    const created = await rpc.call('wizard.account.create_chart.create', (ctx) => [ctx]);
    const wizard = Array.isArray(created) ? (created as unknown[])[0] : undefined;
    if (typeof wizard !== 'number') throw new Error('account.create_chart did not start');
    await rpc.call('wizard.account.create_chart.execute', (ctx) => [
      wizard,
      { account: { account_template: template, company } },
      'create_account',
      ctx,
    ]);
    const pick = async (kind: string) => {
      const id = await accountOf(rpc, company, kind);
      if (id === undefined) throw new Error(`the chart has no ${kind} account`);
      return id;
    };
    const properties = {
      company,
      account_receivable: await pick('receivable'),
      account_payable: await pick('payable'),
      category_account_revenue: await pick('revenue'),
      category_account_expense: await pick('expense'),
    };
    await rpc.call('wizard.account.create_chart.execute', (ctx) => [
      wizard,
      { properties },
      'create_properties',
      ctx,
    ]);
    await rpc.call('wizard.account.create_chart.delete', (ctx) => [wizard, ctx]);
    say('chart of accounts: created from account_template_root_en');
  } else say('chart of accounts: exists');
  const revenue = await accountOf(rpc, company, 'revenue');
  // The minimal chart's "Main Cash" is the one asset account that is neither receivable nor payable.
  const cash = await find(rpc, 'account.account', [
    ['company', '=', company],
    ['name', '=', 'Main Cash'],
  ]);
  if (revenue === undefined || cash === undefined)
    throw new Error('the chart has no revenue or cash account');
  return { revenue, cash };
}

async function sequenceType(rpc: TrytonRpc, name: string): Promise<number> {
  const id = await find(rpc, 'ir.sequence.type', [['name', '=', name]]);
  if (id === undefined) throw new Error(`no sequence type "${name}"`);
  return id;
}

async function fiscalYear(rpc: TrytonRpc, company: number, year: number): Promise<void> {
  const name = String(year);
  const existing = await find(rpc, 'account.fiscalyear', [
    ['company', '=', company],
    ['name', '=', name],
  ]);
  if (existing !== undefined) {
    say(`fiscal year ${name}: exists`);
    return;
  }
  const move = await createOne(rpc, 'ir.sequence', {
    name: `Moves ${name}`,
    sequence_type: await sequenceType(rpc, 'Account Move'),
    company,
  });
  const invoice = await createOne(rpc, 'ir.sequence.strict', {
    name: `Invoices ${name}`,
    sequence_type: await sequenceType(rpc, 'Invoice'),
    company,
    prefix: `INV-${name}-`,
    padding: 4,
  });
  const fy = await createOne(rpc, 'account.fiscalyear', {
    name,
    company,
    post_move_sequence: move,
    start_date: toDate(`${name}-01-01`),
    end_date: toDate(`${name}-12-31`),
    invoice_sequences: [
      [
        'create',
        [
          {
            company,
            out_invoice_sequence: invoice,
            in_invoice_sequence: invoice,
            out_credit_note_sequence: invoice,
            in_credit_note_sequence: invoice,
          },
        ],
      ],
    ],
  });
  await rpc.model('account.fiscalyear', 'create_period', [fy]);
  say(`fiscal year ${name}: created with monthly periods and sequences INV-${name}-NNNN`);
}

async function main(): Promise<void> {
  const passwordFile = process.env['TRYTON_ADMIN_PASSWORD_FILE'] ?? '/var/lib/tryton/.ledgerline-admin';
  const rpc = new TrytonRpc({
    baseUrl: process.env['TRYTON_URL'] ?? 'http://127.0.0.1:8000',
    database: process.env['TRYTON_DATABASE'] ?? 'ledgerline_tmpl',
    username: 'admin',
    password: readFileSync(passwordFile, 'utf8').trim(),
    timeoutMs: 120_000,
  });
  try {
    const currency = await ensure(rpc, 'currency EUR', 'currency.currency', [['code', '=', 'EUR']], () => ({
      name: 'Euro',
      code: 'EUR',
      symbol: '€',
      rounding: toDecimal('0.01'),
      digits: 2,
    }));
    // Tryton keeps each currency's rate against a common base; the company currency is that base.
    await ensure(rpc, 'EUR base rate 1', 'currency.currency.rate', [['currency', '=', currency]], () => ({
      currency,
      date: toDate('2000-01-01'),
      rate: toDecimal('1'),
    }));
    await ensure(rpc, 'currency USD', 'currency.currency', [['code', '=', 'USD']], () => ({
      name: 'U.S. Dollar',
      code: 'USD',
      symbol: '$',
      rounding: toDecimal('0.01'),
      digits: 2,
    }));
    const company = await companyAndUser(rpc, currency);
    const { revenue, cash } = await chartOfAccounts(rpc, company);
    const year = new Date().getUTCFullYear();
    for (const y of [year - 1, year, year + 1]) await fiscalYear(rpc, company, y);
    await ensure(
      rpc,
      'payment term "30 days"',
      'account.invoice.payment_term',
      [['name', '=', '30 days']],
      () => ({
        name: '30 days',
        lines: [['create', [{ type: 'remainder', relativedeltas: [['create', [{ days: 30 }]]] }]]],
      }),
    );
    const revenueJournal = await find(rpc, 'account.journal', [['type', '=', 'revenue']]);
    if (revenueJournal === undefined) throw new Error('no revenue journal: project invoicing needs one');
    say(`revenue journal: exists (account.journal ${revenueJournal})`);
    const cashJournal = await find(rpc, 'account.journal', [['type', '=', 'cash']]);
    if (cashJournal === undefined) throw new Error('no cash journal');
    await ensure(
      rpc,
      'payment method "Bank"',
      'account.invoice.payment.method',
      [['name', '=', 'Bank']],
      () => ({
        name: 'Bank',
        company,
        journal: cashJournal,
        debit_account: cash,
        credit_account: cash,
      }),
    );
    const category = await ensure(
      rpc,
      'product category "Services"',
      'product.category',
      [['name', '=', 'Services']],
      () => ({
        name: 'Services',
        accounting: true,
        account_revenue: revenue,
      }),
    );
    const hour = await dataId(rpc, 'product', 'uom_hour');
    await ensure(rpc, 'product "Consulting"', 'product.template', [['name', '=', 'Consulting']], () => ({
      name: 'Consulting',
      type: 'service',
      default_uom: hour,
      list_price: toDecimal('0'),
      account_category: category,
      products: [['create', [{}]]],
    }));
    for (const name of EMPLOYEES)
      await ensure(
        rpc,
        `employee "${name}"`,
        'company.employee',
        [
          ['party.name', '=', name],
          ['company', '=', company],
        ],
        async () => ({
          party: await createOne(rpc, 'party.party', { name }),
          company,
        }),
      );
    say('done');
  } finally {
    await rpc.close();
  }
}

await main().catch((error: unknown) => {
  const failure = error instanceof TrytonCallError ? ` (${error.failure.reasonCode})` : '';
  console.error(`bootstrap: FAILED${failure}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

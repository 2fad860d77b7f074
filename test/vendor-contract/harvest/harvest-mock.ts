// Harvest API v2 behind the spec-driven mock: a seeded account (users, projects, approved time and
// expenses) read with `updated_since`/`page`/`per_page` and Harvest's pagination envelope, and the
// invoices and payments the connector writes, kept so later reads see them. Bearer token and
// Harvest-Account-Id are checked as Harvest does (401 otherwise).
import { randomBytes } from 'node:crypto';
import { jsonNumber, JsonDecimal } from '../../../src/connectors/kit/decimal-json.ts';
import { extend, sumDecimals } from '../../../src/domain/money.ts';
import { loadSpec } from '../overlays/index.ts';
import { startSpecMock, type MockAnswer, type MockRequest, type SpecMock } from '../spec-mock.ts';

export const HARVEST_OPERATIONS = [
  'listUsers',
  'listProjects',
  'retrieveProject',
  'listTimeEntries',
  'listExpenses',
  'listInvoices',
  'retrieveInvoice',
  'createInvoice',
  'updateInvoice',
  'listPaymentsForInvoice',
  'createInvoicePayment',
] as const;

type Rec = Record<string, unknown>;

export interface HarvestSeed {
  readonly users: readonly { id: number; first: string; last: string; costRate: string }[];
  readonly clients: readonly { id: number; name: string; currency: string }[];
  readonly projects: readonly {
    id: number;
    clientId: number;
    name: string;
    code: string;
    fixedFee?: boolean;
  }[];
  readonly time: readonly {
    id: number;
    userId: number;
    projectId: number;
    date: string;
    hours: string;
    rate: string;
    notes: string;
    approved: boolean;
  }[];
  readonly expenses: readonly {
    id: number;
    userId: number;
    projectId: number;
    date: string;
    category: string;
    total: string;
    notes: string;
    billable: boolean;
    approved: boolean;
  }[];
}

export interface HarvestMock extends SpecMock {
  readonly basePath: string;
  readonly accountId: string;
  readonly token: string;
  readonly invoices: Rec[];
  readonly payments: Map<string, Rec[]>;
  seed(seed: HarvestSeed): void;
}

const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : v instanceof JsonDecimal ? v.text : fallback;

export async function startHarvestMock(): Promise<HarvestMock> {
  const api = await loadSpec('harvest', HARVEST_OPERATIONS);
  const basePath = '/v2';
  const accountId = String(100000 + (randomBytes(2).readUInt16BE() % 900000));
  const token = `pat-${randomBytes(12).toString('hex')}`;
  const state = {
    users: [] as Rec[],
    clients: [] as Rec[],
    projects: [] as Rec[],
    time_entries: [] as Rec[],
    expenses: [] as Rec[],
  };
  const invoices: Rec[] = [];
  const payments = new Map<string, Rec[]>();
  let clock = Date.parse('2026-07-02T09:00:00Z');
  const tick = (): string => new Date((clock += 1000)).toISOString().replace('.000Z', 'Z');
  let ids = 90_000_000;

  const list = (req: MockRequest, key: string, rows: Rec[]): MockAnswer => {
    const since = req.query.get('updated_since');
    let filtered = since === null ? rows : rows.filter((r) => String(r['updated_at']) >= since);
    const client = req.query.get('client_id');
    if (client !== null)
      filtered = filtered.filter((r) => String((r['client'] as Rec | undefined)?.['id']) === client);
    const perPage = Number(req.query.get('per_page') ?? '2000');
    const pageNo = Number(req.query.get('page') ?? '1');
    const totalPages = Math.max(1, Math.ceil(filtered.length / perPage));
    const url = (p: number) => `https://api.harvestapp.com/v2/${key}?page=${p}&per_page=${perPage}`;
    return {
      status: 200,
      body: {
        [key]: filtered.slice((pageNo - 1) * perPage, pageNo * perPage),
        per_page: perPage,
        total_pages: totalPages,
        total_entries: filtered.length,
        next_page: pageNo < totalPages ? pageNo + 1 : null,
        previous_page: pageNo > 1 ? pageNo - 1 : null,
        page: pageNo,
        links: {
          first: url(1),
          next: pageNo < totalPages ? url(pageNo + 1) : null,
          previous: pageNo > 1 ? url(pageNo - 1) : null,
          last: url(totalPages),
        },
      },
    };
  };

  const notFound: MockAnswer = { status: 404, body: { error: 'not_found', error_description: 'Not found' } };
  const ref = (r: Rec | undefined) => (r ? { id: r['id'], name: r['name'] } : null);

  const price = (items: Rec[]): Rec[] =>
    items.map((l) => {
      const quantity = text(l['quantity'], '1');
      const unit = text(l['unit_price'], '0');
      return {
        id: (ids += 1),
        kind: l['kind'],
        description: l['description'] ?? null,
        quantity: jsonNumber(quantity),
        unit_price: jsonNumber(unit),
        amount: jsonNumber(extend(quantity, { amount: unit, currency: 'GBP' }).amount),
        taxed: false,
        taxed2: false,
        project: ref(state.projects.find((p) => String(p['id']) === text(l['project_id']))),
      };
    });

  const handlers = {
    listUsers: (req: MockRequest) => list(req, 'users', state.users),
    listProjects: (req: MockRequest) => list(req, 'projects', state.projects),
    retrieveProject: (req: MockRequest) => {
      const p = state.projects.find((x) => String(x['id']) === req.params['projectId']);
      return p ? { status: 200, body: p } : notFound;
    },
    listTimeEntries: (req: MockRequest) => list(req, 'time_entries', state.time_entries),
    listExpenses: (req: MockRequest) => list(req, 'expenses', state.expenses),
    listInvoices: (req: MockRequest) => list(req, 'invoices', invoices),
    retrieveInvoice: (req: MockRequest) => {
      const i = invoices.find((x) => String(x['id']) === req.params['invoiceId']);
      return i ? { status: 200, body: i } : notFound;
    },
    createInvoice: (req: MockRequest) => {
      const b = req.body as Rec;
      const client = state.clients.find((c) => String(c['id']) === text(b['client_id']));
      if (!client) return { status: 422, body: { message: 'Client must exist' } };
      const lines = price((b['line_items'] ?? []) as Rec[]);
      const amount = sumDecimals(
        lines.map((l) => text(l['amount'])),
        2,
      );
      const now = tick();
      const invoice: Rec = {
        id: (ids += 1),
        client_key: randomBytes(20).toString('hex'),
        number: b['number'] ?? String(invoices.length + 1),
        purchase_order: null,
        amount: jsonNumber(amount),
        due_amount: jsonNumber(amount),
        tax: null,
        tax_amount: jsonNumber('0'),
        tax2: null,
        tax2_amount: jsonNumber('0'),
        discount: null,
        discount_amount: jsonNumber('0'),
        subject: b['subject'] ?? null,
        notes: b['notes'] ?? null,
        state: 'draft',
        period_start: null,
        period_end: null,
        issue_date: b['issue_date'] ?? now.slice(0, 10),
        due_date: b['due_date'] ?? now.slice(0, 10),
        payment_term: b['payment_term'] ?? 'custom',
        sent_at: null,
        paid_at: null,
        paid_date: null,
        closed_at: null,
        recurring_invoice_id: null,
        created_at: now,
        updated_at: now,
        currency: b['currency'] ?? client['currency'],
        payment_options: [],
        client: ref(client),
        estimate: null,
        retainer: null,
        creator: { id: 1, name: 'Ledgerline' },
        line_items: lines,
      };
      invoices.push(invoice);
      return { status: 201, body: invoice };
    },
    updateInvoice: (req: MockRequest) => {
      const i = invoices.find((x) => String(x['id']) === req.params['invoiceId']);
      if (!i) return notFound;
      const b = req.body as Rec;
      if (typeof b['notes'] === 'string') i['notes'] = b['notes'];
      i['updated_at'] = tick();
      return { status: 200, body: i };
    },
    listPaymentsForInvoice: (req: MockRequest) =>
      list(req, 'invoice_payments', payments.get(req.params['invoiceId'] ?? '') ?? []),
    createInvoicePayment: (req: MockRequest) => {
      const i = invoices.find((x) => String(x['id']) === req.params['invoiceId']);
      if (!i) return notFound;
      const b = req.body as Rec;
      const amount = text(b['amount']);
      const due = sumDecimals([text(i['due_amount']), `-${amount}`], 2);
      i['due_amount'] = jsonNumber(due);
      i['state'] = due === '0.00' ? 'paid' : 'open';
      if (due === '0.00') i['paid_date'] = b['paid_date'] ?? null;
      const now = tick();
      const payment: Rec = {
        id: (ids += 1),
        amount: jsonNumber(amount),
        paid_at: `${text(b['paid_date'], now.slice(0, 10))}T00:00:00Z`,
        paid_date: b['paid_date'] ?? now.slice(0, 10),
        recorded_by: 'Ledgerline',
        recorded_by_email: 'ledgerline@example.com',
        notes: b['notes'] ?? null,
        transaction_id: null,
        payment_gateway: { id: null, name: null },
        created_at: now,
        updated_at: now,
      };
      const held = payments.get(String(i['id'])) ?? [];
      held.unshift(payment);
      payments.set(String(i['id']), held);
      return { status: 201, body: payment };
    },
  };

  const mock = await startSpecMock({
    api,
    basePath,
    handlers,
    authorize: (headers) =>
      headers['authorization'] === `Bearer ${token}` && headers['harvest-account-id'] === accountId
        ? undefined
        : {
            status: 401,
            body: {
              error: 'invalid_token',
              error_description:
                'The access token provided is expired, revoked, malformed or invalid for other reasons.',
            },
          },
  });

  return {
    ...mock,
    basePath,
    accountId,
    token,
    invoices,
    payments,
    seed(seed) {
      for (const c of seed.clients) {
        const now = tick();
        state.clients.push({
          id: c.id,
          name: c.name,
          is_active: true,
          address: null,
          statement_key: 'k',
          currency: c.currency,
          created_at: now,
          updated_at: now,
        });
      }
      for (const u of seed.users) {
        const now = tick();
        state.users.push({
          id: u.id,
          first_name: u.first,
          last_name: u.last,
          email: `${u.first.toLowerCase()}@example.com`,
          telephone: '',
          timezone: 'London',
          has_access_to_all_future_projects: false,
          is_contractor: false,
          is_active: true,
          weekly_capacity: 126000,
          default_hourly_rate: null,
          cost_rate: jsonNumber(u.costRate),
          roles: ['Consultant'],
          access_roles: ['member'],
          avatar_url: 'https://d3s3969qhosaug.cloudfront.net/v2/user.png',
          created_at: now,
          updated_at: now,
        });
      }
      for (const p of seed.projects) {
        const client = state.clients.find((c) => c['id'] === p.clientId);
        const now = tick();
        state.projects.push({
          id: p.id,
          client: client ? { id: client['id'], name: client['name'], currency: client['currency'] } : null,
          name: p.name,
          code: p.code,
          is_active: true,
          is_billable: true,
          is_fixed_fee: p.fixedFee ?? false,
          bill_by: 'People',
          budget: null,
          budget_by: 'none',
          budget_is_monthly: false,
          notify_when_over_budget: false,
          over_budget_notification_percentage: jsonNumber('80'),
          show_budget_to_all: false,
          created_at: now,
          updated_at: now,
          starts_on: null,
          ends_on: null,
          over_budget_notification_date: null,
          notes: '',
          cost_budget: null,
          cost_budget_include_expenses: false,
          hourly_rate: null,
          fee: null,
        });
      }
      for (const t of seed.time) {
        const user = state.users.find((u) => u['id'] === t.userId);
        const project = state.projects.find((p) => p['id'] === t.projectId);
        const now = tick();
        state.time_entries.push({
          id: t.id,
          spent_date: t.date,
          user: user
            ? { id: user['id'], name: `${String(user['first_name'])} ${String(user['last_name'])}` }
            : null,
          client: project
            ? { id: (project['client'] as Rec)['id'], name: (project['client'] as Rec)['name'] }
            : null,
          project: ref(project),
          task: { id: 8083365, name: 'Consulting' },
          hours: jsonNumber(t.hours),
          hours_without_timer: jsonNumber(t.hours),
          rounded_hours: jsonNumber(t.hours),
          notes: t.notes,
          is_locked: t.approved,
          locked_reason: t.approved ? 'Item Approved and Locked for this Time Period' : null,
          is_closed: t.approved,
          is_billed: false,
          timer_started_at: null,
          started_time: null,
          ended_time: null,
          is_running: false,
          billable: true,
          budgeted: false,
          billable_rate: jsonNumber(t.rate),
          cost_rate: user?.['cost_rate'] ?? null,
          created_at: now,
          updated_at: now,
          external_reference: null,
          invoice: null,
        });
      }
      for (const e of seed.expenses) {
        const user = state.users.find((u) => u['id'] === e.userId);
        const project = state.projects.find((p) => p['id'] === e.projectId);
        const client = project?.['client'] as Rec | undefined;
        const now = tick();
        state.expenses.push({
          id: e.id,
          client: client ?? null,
          project: ref(project),
          expense_category: { id: 4195926, name: e.category, unit_price: null, unit_name: null },
          user: user
            ? { id: user['id'], name: `${String(user['first_name'])} ${String(user['last_name'])}` }
            : null,
          receipt: null,
          invoice: null,
          notes: e.notes,
          units: null,
          total_cost: jsonNumber(e.total),
          billable: e.billable,
          is_closed: e.approved,
          is_locked: e.approved,
          is_billed: false,
          locked_reason: e.approved ? 'Expense is approved' : null,
          spent_date: e.date,
          created_at: now,
          updated_at: now,
        });
      }
    },
  };
}

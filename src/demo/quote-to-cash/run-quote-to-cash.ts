// `ledgerline demo` (the quote-to-cash scenario): a services firm's whole loop between a CRM, a PSA and an
// ERP, all three sandboxes real HTTP servers, through one Ledgerline service on a SQLite file.
//
//   1. Customer master: the ERP's finance team keeps the firm's clients as parties; Ledgerline writes each
//      to the PSA as a client.
//   2. Pipeline: deals closed-won in the CRM become engagements in the PSA (incomplete ones are refused,
//      naming what is missing). Finance completes each engagement's set-up in the PSA; the project is
//      provisioned in the ERP and the contract the client signed is created against it.
//   3. Delivery: the PSA holds the firm's projects (for the clients it got from the ERP), consultants, a
//      quarter of approved time and expenses and its milestones; projects are provisioned in the ERP, time
//      and expenses posted, completed milestones release their billing items.
//   4. Billing: the ERP's invoice run invoices the quarter; Ledgerline feeds each invoice back to the PSA.
//   5. Collection: the ERP records payments for three invoices in four; each reaches the PSA.
//
// Along the way the PSA delivers some webhooks twice and the ERP rate-limits, fails now and then, and loses
// two answers after booking: the summary counts the duplicates refused and the attempts it took.
// The run ends by checking that the loop closed, invoice by invoice and payment by payment.
import { legalEntitiesOf } from '../legal-entities.ts';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import { startSandboxCrm, type SandboxCrm } from '../../connectors/sandbox-crm/server.ts';
import { generateCrmPipeline } from '../../connectors/sandbox-crm/generate-pipeline.ts';
import type { IssuedSummary } from '../../connectors/sandbox-erp/invoice-run.ts';
import { startSandboxErp, type SandboxErp } from '../../connectors/sandbox-erp/server.ts';
import type { Firm } from '../../connectors/sandbox-psa/firm.ts';
import { generateFirm } from '../../connectors/sandbox-psa/generate-firm.ts';
import { publishDemoRates } from '../reference-rates.ts';
import { startSandboxPsa, type SandboxPsa } from '../../connectors/sandbox-psa/server.ts';
import { startService, type RunningService } from '../../service/start-service.ts';
import type { Store } from '../../store/port.ts';
import { formatCount, type ProgressLine } from '../progress.ts';
import { prepareDataDir } from '../data-dir.ts';
import { ErpOperator } from './erp-operator.ts';
import { closingChecks, type QuoteToCashSummary } from './q2c-summary.ts';
import { summarizeWorkflows } from './workflows.ts';
import { join } from 'node:path';
import type { DemoUrls } from '../hold.ts';
import { demoConsoleKey, withDemoAuth } from '../demo-auth.ts';

export interface QuoteToCashOptions {
  /** API port; the sandbox PSA, ERP and CRM take the next three. 0 = any free ports. */
  readonly port: number;
  readonly dataDir?: string;
  readonly seed: number;
  readonly customers: number;
  readonly projects: number;
  readonly consultants: number;
  /** Weeks of time and expenses, 1-13. */
  readonly weeks: number;
  readonly deals: number;
  readonly logger: Logger;
  readonly progress: ProgressLine;
  readonly timeoutMs: number;
  /** Called once the run is checked, before anything stops (`demo --stay` serves until Ctrl-C). */
  readonly hold?: (summary: QuoteToCashSummary, urls: DemoUrls) => Promise<void>;
}

const systems = { psa: 'sandbox-psa', erp: 'sandbox-erp', crm: 'sandbox-crm' } as const;
const invoiceRunDate = '2026-09-30';
const paymentDate = '2026-10-15';

function serviceConfig(
  firm: Firm,
  dataDir: string,
  port: number,
  urls: Record<'psa' | 'erp' | 'crm', string>,
): Config {
  const poll = { intervalMs: 500, pageSize: 500 };
  return {
    store: { sqlite: join(dataDir, 'ledgerline.sqlite') },
    http: { host: '127.0.0.1', port, bodyLimitBytes: 1_048_576 },
    legalEntities: legalEntitiesOf(firm),
    systems: {
      psa: [
        {
          id: systems.psa,
          connector: 'sandbox-psa',
          baseUrl: urls.psa,
          webhookSecret: { env: 'DEMO_PSA_WEBHOOK_SECRET' },
          poll,
        },
      ],
      crm: [
        {
          id: systems.crm,
          connector: 'sandbox-crm',
          baseUrl: urls.crm,
          apiKey: { env: 'DEMO_API_KEY' },
          poll,
        },
      ],
      erp: {
        id: systems.erp,
        connector: 'sandbox-erp',
        baseUrl: urls.erp,
        apiKey: { env: 'DEMO_API_KEY' },
        poll,
      },
    },
    delivery: { batchSize: 200, concurrency: 2, maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2000 },
  };
}

/** The company a client contracts with: the one of its first project (the generator keeps them apart). */
function partiesOf(firm: Firm) {
  return (firm.clients ?? []).flatMap((client) => {
    const project = firm.projects.find((p) => p.client_id === client.id);
    const company = firm.companies.find((c) => c.code === project?.company) ?? firm.companies[0];
    if (!company) return [];
    return [
      {
        client,
        party: {
          party_code: client.id,
          legal_name: client.legal_name ?? client.name,
          currency: client.billing_currency ?? company.currency,
          company: company.code,
          payment_terms_days: 30,
          active: client.active,
        },
      },
    ];
  });
}

interface Running {
  readonly service: RunningService;
  readonly psa: SandboxPsa;
  readonly erp: SandboxErp;
  readonly crm: SandboxCrm;
}

export async function runQuoteToCash(options: QuoteToCashOptions): Promise<QuoteToCashSummary> {
  const started = Date.now();
  const { progress } = options;
  const dataDir = prepareDataDir(options.dataDir);
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const apiKey = randomBytes(24).toString('hex');
  const at = (offset: number) => (options.port === 0 ? 0 : options.port + offset);
  const deadline = started + options.timeoutMs;

  const opened: { close(): Promise<void> }[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const psa = await startSandboxPsa({ port: at(1), webhookSecret });
    opened.push(psa);
    const erp = await startSandboxErp({ port: at(2), apiKey });
    opened.push(erp);
    const crm = await startSandboxCrm({ port: at(3), apiKey });
    opened.push(crm);
    const firm = generateFirm({
      profile: 'services-firm',
      seed: options.seed,
      customers: options.customers,
      projects: options.projects,
      consultants: options.consultants,
      weeks: options.weeks,
    });
    // Consultants also work for other entities' clients: their cost is booked at the ERP's rates.
    publishDemoRates(
      erp,
      firm.companies.map((c) => c.currency),
    );
    // The firm bills reverse-charge and zero-rated work too; the ERP's companies start with standard VAT.
    for (const company of firm.companies)
      for (const taxCode of ['reverse-charge', 'zero-rated']) erp.enableTaxCode(company.code, taxCode);
    const service = await startService(
      withDemoAuth(
        serviceConfig(firm, dataDir, at(0), { psa: psa.url, erp: erp.url, crm: crm.url }),
        options.hold !== undefined,
      ),
      {
        logger: options.logger,
        env: { DEMO_PSA_WEBHOOK_SECRET: webhookSecret, DEMO_API_KEY: apiKey },
      },
    );
    stops.push(() => service.stop());
    // Realistic trouble: the PSA sometimes delivers a webhook twice; the ERP rate-limits, has bad moments,
    // and twice books a batch whose answer is lost (only idempotency keys make the resend safe).
    psa.setFaults({ duplicateWebhooks: 0.05, seed: options.seed });
    erp.setFaults({
      rateLimit: { every: 25, retryAfterSeconds: 1 },
      serverErrorRate: 0.02,
      failAfterApply: { next: 2 },
      seed: options.seed,
    });
    psa.subscribeWebhook(`${service.url}/v1/webhooks/${systems.psa}`);
    progress.note(`Ledgerline API ${service.url}   sandbox PSA ${psa.url}   ERP ${erp.url}   CRM ${crm.url}`);
    const running: Running = { service, psa, erp, crm };
    const operator = new ErpOperator(erp.url, apiKey);
    const settle = (phase: string, expect?: () => Promise<boolean>) =>
      settleLoop(running, progress, phase, deadline, expect);

    // 1. Customer master.
    const parties = partiesOf(firm);
    // The PSA books engagements to its own companies: it knows them before any deal is won.
    psa.seed({ companies: firm.companies, users: [], projects: [], time_entries: [] });
    for (const { party } of parties) await operator.addParty(party);
    progress.note(`The ERP holds ${parties.length} customers in ${firm.companies.length} legal entities.`);
    await settle(
      'Customers',
      async () => (await confirmed(service.store, 'customer.synced')) >= parties.length,
    );

    // 2. Pipeline: the CRM knows each customer by the ERP's customer number.
    const pipeline = generateCrmPipeline({
      seed: options.seed,
      customers: parties.map(({ party }) => ({
        id: party.party_code,
        name: party.legal_name,
        legalEntityId: party.company,
        currency: party.currency,
      })),
      opportunities: options.deals,
      closedWonShare: 0.4,
    });
    crm.seed(pipeline);
    progress.note(`The CRM holds ${pipeline.deals.length} deals for those customers.`);
    await settle('Deals');
    const engagements = psa.projects().filter((p) => p.status === 'draft');
    for (const engagement of engagements)
      psa.completeProjectSetup(engagement.id, { tax_treatment: engagement.tax_treatment ?? 'standard' });
    progress.note(
      `Won deals became ${engagements.length} engagements in the PSA; finance completed their set-up.`,
    );
    await settle(
      'Contracts',
      async () => (await confirmed(service.store, 'project.contracted')) >= engagements.length,
    );

    // 3. Delivery: the firm's projects name the clients Ledgerline created in the PSA.
    const clientIds = await psaClientIds(
      service.store,
      parties.map(({ party }) => party.party_code),
    );
    const seeded = psa.seed({
      ...firm,
      clients: [],
      projects: firm.projects.map((p) => ({ ...p, client_id: clientIds.get(p.client_id) ?? p.client_id })),
    });
    progress.note(
      `The PSA holds ${seeded.projects} projects, ${seeded.users} consultants, ${formatCount(seeded.time_entries)} time entries and their expenses and milestones.`,
    );
    await settle('Delivery');

    // 4. Billing.
    const invoices = await operator.invoiceRun(invoiceRunDate);
    progress.note(`The ERP's invoice run of ${invoiceRunDate} issued ${invoices.length} invoices.`);
    await settle(
      'Invoices',
      async () => (await confirmed(service.store, 'invoice.status-fed-back')) >= invoices.length,
    );

    // 5. Collection: three invoices in four are paid in full.
    const paid = invoices.filter((_, i) => i % 4 !== 3);
    for (const invoice of paid) await operator.pay(invoice, paymentDate);
    progress.note(`The ERP recorded ${paid.length} payments.`);
    await settle(
      'Payments',
      async () => (await confirmed(service.store, 'payment.status-fed-back')) >= paid.length,
    );

    const summary = await summarize(
      running,
      { invoices, paid, engagements: engagements.length },
      started,
      dataDir,
    );
    const consoleKey = await demoConsoleKey(service.store, options.hold !== undefined);
    await options.hold?.(summary, {
      api: service.url,
      psa: psa.url,
      erp: erp.url,
      crm: crm.url,
      erpApiKey: apiKey,
      ...(consoleKey === undefined ? {} : { consoleKey }),
    });
    return summary;
  } finally {
    for (const stop of stops) await stop();
    for (const o of opened.reverse()) await o.close();
  }
}

async function confirmed(store: Store, name: string): Promise<number> {
  return (await store.stats()).eventsByType[`io.ledgerline.${name}.v1`]?.['completed'] ?? 0;
}

/** The PSA's client id for each ERP customer number, from the cross-references Ledgerline recorded. */
async function psaClientIds(store: Store, partyCodes: readonly string[]): Promise<Map<string, string>> {
  const keys = partyCodes.map((code) => `customer:${systems.erp}:${code}|${systems.psa}`);
  const { xrefs } = await store.loadContext({ xrefs: keys, master: [] });
  const ids = new Map<string, string>();
  partyCodes.forEach((code, i) => {
    const id = xrefs.get(keys[i] ?? '');
    if (id !== undefined) ids.set(code, id);
  });
  return ids;
}

/**
 * Waits until the pipeline is idle (nothing accepted or pending, webhooks delivered, no new events for
 * two polls of the sources) and `expect` holds, drawing progress on the way.
 */
async function settleLoop(
  { service, psa, crm }: Running,
  progress: ProgressLine,
  phase: string,
  deadline: number,
  expect: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<void> {
  let last = -1;
  let quietFor = 0;
  for (;;) {
    await Promise.all([psa.deliveriesSettled(), crm.deliveriesSettled()]);
    const stats = await service.store.stats();
    const total = Object.values(stats.events).reduce((a, b) => a + b, 0);
    const open = stats.events.accepted + stats.deliveries.pending;
    const done = total - stats.events.accepted - stats.events.delivering;
    progress.render({
      phase,
      done,
      total,
      detail: `events ${formatCount(total)}  in flight ${formatCount(open)}  parked ${stats.events.parked}  dead letters ${stats.deadLettersOpen}`,
    });
    quietFor = open === 0 && stats.events.delivering === 0 && total === last ? quietFor + 1 : 0;
    last = total;
    if (quietFor >= 6 && (await expect())) break;
    if (Date.now() > deadline) throw new Error(`the demo did not settle (${phase}) in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
  progress.finish();
}

async function summarize(
  { service, psa, erp }: Running,
  played: {
    readonly invoices: readonly IssuedSummary[];
    readonly paid: readonly IssuedSummary[];
    readonly engagements: number;
  },
  started: number,
  dataDir: string,
): Promise<QuoteToCashSummary> {
  const store = service.store;
  const stats = await store.stats();
  const deadLetters = (
    await Promise.all(
      (['open', 'retried', 'resolved'] as const).map((state) =>
        store.listDeadLetters({ state, limit: 100_000 }),
      ),
    )
  ).flat();
  const psaReport = psa.report();
  const erpReport = erp.report();
  const checks = closingChecks({
    stats,
    ...played,
    psaInvoices: psa.invoices(),
    psaPayments: psa.payments(),
    psaReport,
    erpReport,
  });
  return {
    ok: checks.every((c) => c.ok),
    workflows: summarizeWorkflows(stats, deadLetters),
    checks,
    erp: erpReport,
    psa: {
      clients: psaReport.clients,
      approvedTime: psaReport.approved,
      expenses: psaReport.expenses,
      milestones: psaReport.milestones,
      invoices: psaReport.invoices,
      payments: psaReport.payments,
    },
    deliveries: { ...stats.deliveries, attempts: stats.deliveryAttempts },
    duplicatesRefused: stats.duplicatesRefused,
    deadLettersOpen: stats.deadLettersOpen,
    durationMs: Date.now() - started,
    dataDir,
  };
}

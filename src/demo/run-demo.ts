// `ledgerline demo`: a small services firm end to end. The sandbox PSA and ERP run as real HTTP servers,
// the pipeline runs on a SQLite file, and the run ends by comparing what the PSA approved with what the
// ERP booked. Along the way it shows the operator's fixes: an incomplete project completed in the PSA,
// and a tax code enabled in the ERP followed by `dlq retry`.
import { legalEntitiesOf } from './legal-entities.ts';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { prepareDataDir } from './data-dir.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import { startSandboxErp, type SandboxErp } from '../connectors/sandbox-erp/server.ts';
import { generateFirm, type Firm } from '../connectors/sandbox-psa/generate-firm.ts';
import { publishDemoRates } from './reference-rates.ts';
import { startSandboxPsa, type SandboxPsa } from '../connectors/sandbox-psa/server.ts';
import { startService, type RunningService } from '../service/start-service.ts';
import { formatCount, ProgressLine } from './progress.ts';
import { buildChecks, countByReason, type DemoSummary } from './summary.ts';
import type { DemoUrls } from './hold.ts';
import { demoConsoleKey, withDemoAuth } from './demo-auth.ts';

export interface DemoOptions {
  /** API port; the sandbox PSA and ERP take the next two. 0 = any free ports. */
  readonly port: number;
  readonly dataDir?: string;
  readonly seed: number;
  readonly projects: number;
  readonly consultants: number;
  readonly entries: number;
  readonly logger: Logger;
  readonly progress: ProgressLine;
  readonly timeoutMs: number;
  /** Leave the tax-code dead letters open for an operator (or a test) to fix in the ERP and retry. */
  readonly leaveFaults?: boolean;
  /** The sandbox ERP's API key (default: a random one). */
  readonly erpApiKey?: string;
  /** Called once the run is checked, before anything stops (`demo --stay` serves until Ctrl-C). */
  readonly hold?: (summary: DemoSummary, urls: DemoUrls) => Promise<void>;
}

const psaSystem = 'sandbox-psa';
const erpSystem = 'sandbox-erp';

function demoConfig(firm: Firm, dataDir: string, port: number, psaUrl: string, erpUrl: string): Config {
  return {
    store: { sqlite: join(dataDir, 'ledgerline.sqlite') },
    http: { host: '127.0.0.1', port, bodyLimitBytes: 1_048_576 },
    legalEntities: legalEntitiesOf(firm),
    systems: {
      psa: [
        {
          id: psaSystem,
          connector: 'sandbox-psa',
          baseUrl: psaUrl,
          webhookSecret: { env: 'DEMO_PSA_WEBHOOK_SECRET' },
          poll: { intervalMs: 1000, pageSize: 500 },
        },
      ],
      // Polled for the ERP's reference data: the exchange rates cross-entity cost postings are booked at.
      erp: {
        id: erpSystem,
        connector: 'sandbox-erp',
        baseUrl: erpUrl,
        apiKey: { env: 'DEMO_ERP_API_KEY' },
        poll: { intervalMs: 500, pageSize: 500 },
      },
    },
    delivery: { batchSize: 200, concurrency: 2, maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2000 },
  };
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const { progress, logger } = options;
  const dataDir = prepareDataDir(options.dataDir);
  const keep = options.dataDir !== undefined;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const apiKey = options.erpApiKey ?? randomBytes(24).toString('hex');
  const at = (offset: number) => (options.port === 0 ? 0 : options.port + offset);

  let psa: SandboxPsa | undefined;
  let erp: SandboxErp | undefined;
  let service: RunningService | undefined;
  try {
    psa = await startSandboxPsa({
      port: at(1),
      webhookSecret,
      ...(keep ? { stateFile: join(dataDir, 'sandbox-psa.json') } : {}),
    });
    erp = await startSandboxErp({
      port: at(2),
      apiKey,
      ...(keep ? { stateFile: join(dataDir, 'sandbox-erp.json') } : {}),
    });
    const firm = generateFirm({
      seed: options.seed,
      projects: options.projects,
      consultants: options.consultants,
      entries: options.entries,
    });
    publishDemoRates(
      erp,
      firm.companies.map((c) => c.currency),
    );
    const config = withDemoAuth(
      demoConfig(firm, dataDir, at(0), psa.url, erp.url),
      options.hold !== undefined,
    );
    service = await startService(config, {
      logger,
      env: { DEMO_PSA_WEBHOOK_SECRET: webhookSecret, DEMO_ERP_API_KEY: apiKey },
    });
    const running = service;
    progress.note(`Ledgerline API ${running.url}   sandbox PSA ${psa.url}   sandbox ERP ${erp.url}`);

    let ingested = 0;
    running.pipeline.bus.on('intake.committed', ({ accepted }) => (ingested += accepted));

    // Realistic trouble: the PSA sometimes delivers a webhook twice; the ERP rate-limits and has bad moments.
    psa.setFaults({ duplicateWebhooks: 0.05, seed: options.seed });
    erp.setFaults({
      rateLimit: { every: 15, retryAfterSeconds: 1 },
      serverErrorRate: 0.05,
      // Two batches are booked but their answers are lost: only idempotency keys make the resend safe.
      failAfterApply: { next: 2 },
      seed: options.seed,
    });
    psa.subscribeWebhook(`${running.url}/v1/webhooks/${psaSystem}`);
    const seeded = psa.seed(firm);
    progress.note(
      `Seeded a firm: ${firm.companies.length} legal entities, ${seeded.projects} projects, ${seeded.users} consultants, ${formatCount(seeded.time_entries)} time entries -> ${formatCount(seeded.activities)} PSA activities`,
    );

    const deadline = started + options.timeoutMs;
    const syncUntilQuiet = async (phase: string) => {
      for (;;) {
        const stats = await running.store.stats();
        const activities = psa?.report().activities ?? 0;
        const posted = stats.eventsByType['io.ledgerline.time.posted.v1']?.['completed'] ?? 0;
        const approved = psa?.report().approved.entries ?? 0;
        progress.render({
          phase,
          done: posted,
          total: approved,
          detail: `posted ${formatCount(posted)}/${formatCount(approved)}  events ${formatCount(ingested)}/${formatCount(activities)}  parked ${stats.events.parked}  dead letters ${stats.deadLettersOpen}  duplicates ${stats.duplicatesRefused}`,
        });
        const caughtUp = ingested >= activities;
        if (caughtUp && stats.events.accepted === 0 && stats.deliveries.pending === 0) break;
        if (Date.now() > deadline)
          throw new Error(`the demo did not settle within ${options.timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
      progress.finish();
    };

    await psa.deliveriesSettled();
    await syncUntilQuiet('Syncing');

    // Operator step 1: the ERP refused some projects for a tax code it does not have. The ERP admin
    // enables it, and the refused deliveries are sent again from the dead-letter queue.
    const open = await running.store.listDeadLetters({ state: 'open', limit: 10_000 });
    const taxCodeLetters = open.filter((d) => d.reasonCode === 'erp.tax_code_not_configured');
    if (options.leaveFaults === true) {
      progress.note(
        `Left ${taxCodeLetters.length} tax-code dead letter(s) open (--leave-faults): enable reverse-charge in the ERP and retry them from the console.`,
      );
    } else {
      for (const company of firm.companies) erp.enableTaxCode(company.code, 'reverse-charge');
      for (const d of taxCodeLetters) await running.store.retryDeadLetter(d.id, Date.now());
    }
    if (taxCodeLetters.length > 0 && options.leaveFaults !== true) {
      progress.note(
        `The ERP refused ${taxCodeLetters.length} project(s) for tax code reverse-charge: enabled it and retried them from the dead-letter queue.`,
      );
    }
    // Operator step 2: finance completes the projects the PSA published without full finance data; the
    // PSA publishes them again and the new activation supersedes the rejection.
    const incomplete = firm.projects.filter((p) => p.pending_setup !== undefined);
    for (const project of incomplete) {
      if (project.pending_setup) psa.completeProjectSetup(project.id, project.pending_setup);
    }
    if (incomplete.length > 0)
      progress.note(`Finance completed the set-up of ${incomplete.length} project(s) in the PSA.`);
    await psa.deliveriesSettled();
    await syncUntilQuiet('Fixing');

    const stats = await running.store.stats();
    const allDeadLetters = [
      ...(await running.store.listDeadLetters({ state: 'open', limit: 100_000 })),
      ...(await running.store.listDeadLetters({ state: 'retried', limit: 100_000 })),
      ...(await running.store.listDeadLetters({ state: 'resolved', limit: 100_000 })),
    ];
    const posted = stats.eventsByType['io.ledgerline.time.posted.v1']?.['completed'] ?? 0;
    const psaReport = psa.report();
    const erpReport = erp.report();
    const checks = buildChecks(posted, stats.events.parked, stats.deadLettersOpen, psaReport, erpReport);
    const summary: DemoSummary = {
      ok: checks.every((c) => c.ok),
      ingested,
      duplicates: stats.duplicatesRefused,
      posted,
      parked: stats.events.parked,
      deadLettered: stats.deadLettersOpen,
      rejected: stats.eventsByType['io.ledgerline.project.activated.v1']?.['rejected'] ?? 0,
      deadLetters: {
        total: allDeadLetters.length,
        open: stats.deadLettersOpen,
        byReason: countByReason(allDeadLetters),
      },
      deliveries: { ...stats.deliveries, attempts: stats.deliveryAttempts },
      erp: erpReport,
      psa: { ...psaReport.approved, activities: psaReport.activities, webhooks: psaReport.webhooks },
      checks,
      durationMs: Date.now() - started,
      dataDir,
      urls: { api: running.url, psa: psa.url, erp: erp.url },
    };
    const consoleKey = await demoConsoleKey(running.store, options.hold !== undefined);
    await options.hold?.(summary, {
      api: running.url,
      psa: psa.url,
      erp: erp.url,
      erpApiKey: apiKey,
      ...(consoleKey === undefined ? {} : { consoleKey }),
    });
    return summary;
  } finally {
    await service?.stop();
    await psa?.close();
    await erp?.close();
  }
}

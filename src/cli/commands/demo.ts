import type { Command } from 'commander';
import { createLogger } from '../../ops/logger.ts';
import { ProgressLine } from '../../demo/progress.ts';
import { printSummary } from '../../demo/summary.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { runQuoteToCash } from '../../demo/quote-to-cash/run-quote-to-cash.ts';
import { printQuoteToCashSummary } from '../../demo/quote-to-cash/q2c-summary.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { stayUntilStopped, type DemoUrls } from '../../demo/hold.ts';
import type { DemoSummary } from '../../demo/summary.ts';
import type { QuoteToCashSummary } from '../../demo/quote-to-cash/q2c-summary.ts';

function whole(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${flag} takes a whole number >= ${min}, got "${text}"`);
  return n;
}

type Scenario = 'quote-to-cash' | 'time-posting';

interface DemoFlags {
  scenario: string;
  port: string;
  dataDir?: string;
  json?: boolean;
  seed: string;
  customers?: string;
  projects?: string;
  consultants?: string;
  weeks?: string;
  deals?: string;
  entries?: string;
  timeout: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  stay?: boolean;
  leaveFaults?: boolean;
}

function scenarioOf(text: string): Scenario {
  if (text === 'quote-to-cash' || text === 'time-posting') return text;
  throw new CliError(`--scenario takes quote-to-cash or time-posting, got "${text}"`);
}

/** With --stay: print the checked run, then serve until Ctrl-C (the summary is not printed again). */
function holdFor<S>(opts: DemoFlags, print: (summary: S) => void) {
  if (opts.stay !== true) return {};
  return {
    hold: (summary: S, urls: DemoUrls) => {
      print(summary);
      return stayUntilStopped(urls, (line) => process.stdout.write(`${line}\n`));
    },
  };
}

async function runScenario(
  opts: DemoFlags,
  progress: ProgressLine,
): Promise<{ ok: boolean; print: () => void; json: string }> {
  const scenario = scenarioOf(opts.scenario);
  const erpApiKey = process.env['LEDGERLINE_DEMO_ERP_API_KEY'];
  const common = {
    port: whole(opts.port, '--port', 0),
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    seed: whole(opts.seed, '--seed', 0),
    timeoutMs: whole(opts.timeout, '--timeout', 1) * 1000,
    logger: createLogger(opts.logLevel),
    progress,
  };
  if (scenario === 'time-posting') {
    const summary = await runDemo({
      ...common,
      projects: whole(opts.projects ?? '12', '--projects', 3),
      consultants: whole(opts.consultants ?? '40', '--consultants', 2),
      entries: whole(opts.entries ?? '3000', '--entries', 1),
      leaveFaults: opts.leaveFaults === true,
      ...(erpApiKey === undefined || erpApiKey === '' ? {} : { erpApiKey }),
      ...holdFor(opts, (s: DemoSummary) =>
        printDemo(opts, JSON.stringify(s), () => printSummary(s, process.stdout)),
      ),
    });
    if (opts.stay === true) return { ok: summary.ok, print: () => undefined, json: '' };
    return {
      ok: summary.ok,
      print: () => printSummary(summary, process.stdout),
      json: JSON.stringify(summary),
    };
  }
  const summary = await runQuoteToCash({
    ...common,
    customers: whole(opts.customers ?? '40', '--customers', 2),
    projects: whole(opts.projects ?? '150', '--projects', 2),
    consultants: whole(opts.consultants ?? '300', '--consultants', 2),
    weeks: whole(opts.weeks ?? '13', '--weeks', 1),
    deals: whole(opts.deals ?? '100', '--deals', 2),
    ...holdFor(opts, (s: QuoteToCashSummary) =>
      printDemo(opts, JSON.stringify(s), () => printQuoteToCashSummary(s, process.stdout)),
    ),
  });
  if (opts.stay === true) return { ok: summary.ok, print: () => undefined, json: '' };
  return {
    ok: summary.ok,
    print: () => printQuoteToCashSummary(summary, process.stdout),
    json: JSON.stringify(summary),
  };
}

function printDemo(opts: DemoFlags, json: string, print: () => void): void {
  if (opts.json === true) process.stdout.write(`${json}\n`);
  else print();
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run a services firm end to end against the built-in sandbox CRM, PSA and ERP, then check that the loop closed',
    )
    .option(
      '--scenario <name>',
      'quote-to-cash: the whole loop, CRM deal to ERP payment back in the PSA; time-posting: approved time to ERP postings under faults, with the operator fixes',
      'quote-to-cash',
    )
    .option('--port <n>', 'API port; the sandboxes use the next ports (0 = any free ports)', '7400')
    .option(
      '--data-dir <dir>',
      'keep the SQLite file (and, for time-posting, the sandbox state) in this (empty) folder instead of a temporary one',
    )
    .option('--exit', 'exit when the run is checked (the default; kept for scripts)')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option(
      '--stay',
      'after the run and its checks, keep serving the API, the console (at /) and the sandboxes until Ctrl-C',
    )
    .option(
      '--leave-faults',
      'time-posting: leave the tax-code dead letters open (fix them in the ERP and retry from the console; the sandbox ERP takes the API key in LEDGERLINE_DEMO_ERP_API_KEY when set)',
    )
    .option('--seed <n>', 'seed of the generated firm', '2')
    .option('--customers <n>', 'quote-to-cash: customers in the ERP (default 40)')
    .option('--projects <n>', 'projects in the firm (default 150; time-posting 12)')
    .option('--consultants <n>', 'consultants in the firm (default 300; time-posting 40)')
    .option('--weeks <n>', 'quote-to-cash: weeks of time and expenses from 2026-07-01, 1-13 (default 13)')
    .option('--deals <n>', 'quote-to-cash: deals in the CRM (default 100)')
    .option('--entries <n>', 'time-posting: approved time entries (default 3000)')
    .option('--timeout <seconds>', 'give up after this long', '600')
    .option('--log-level <level>', 'log level of the service (logs go to stderr)', 'error')
    .action(async (opts: DemoFlags) => {
      const progress = new ProgressLine();
      let result;
      try {
        result = await runScenario(opts, progress);
      } catch (error) {
        if (error instanceof CliError) throw error;
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw error;
        throw new CliError(
          `demo failed: ${error instanceof Error ? error.message : String(error)}`,
          exitCodes.environment,
        );
      }
      if (opts.stay !== true) printDemo(opts, result.json, result.print);
      if (!result.ok) process.exitCode = exitCodes.checkFailed;
    });
}

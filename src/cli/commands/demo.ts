import type { Command } from 'commander';
import { createLogger } from '../../ops/logger.ts';
import { ProgressLine } from '../../demo/progress.ts';
import { printSummary } from '../../demo/summary.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { CliError, exitCodes } from '../cli-error.ts';

function whole(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${flag} takes a whole number >= ${min}, got "${text}"`);
  return n;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run a small services firm end to end against the built-in sandbox PSA and ERP, then check exactly-once',
    )
    .option('--port <n>', 'API port; the sandbox PSA and ERP use the next two (0 = any free ports)', '7400')
    .option(
      '--data-dir <dir>',
      'keep the SQLite file and sandbox state in this (empty) folder instead of a temporary one',
    )
    .option('--exit', 'exit when the run is checked (the default; kept for scripts)')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--seed <n>', 'seed of the generated firm', '2')
    .option('--projects <n>', 'projects in the firm', '12')
    .option('--consultants <n>', 'consultants in the firm', '40')
    .option('--entries <n>', 'approved time entries', '3000')
    .option('--timeout <seconds>', 'give up after this long', '300')
    .option('--log-level <level>', 'log level of the service (logs go to stderr)', 'error')
    .action(
      async (opts: {
        port: string;
        dataDir?: string;
        json?: boolean;
        seed: string;
        projects: string;
        consultants: string;
        entries: string;
        timeout: string;
        logLevel: 'error' | 'warn' | 'info' | 'debug';
      }) => {
        const progress = new ProgressLine();
        let summary;
        try {
          summary = await runDemo({
            port: whole(opts.port, '--port', 0),
            ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
            seed: whole(opts.seed, '--seed', 0),
            projects: whole(opts.projects, '--projects', 3),
            consultants: whole(opts.consultants, '--consultants', 2),
            entries: whole(opts.entries, '--entries', 1),
            timeoutMs: whole(opts.timeout, '--timeout', 1) * 1000,
            logger: createLogger(opts.logLevel),
            progress,
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw error;
          throw new CliError(
            `demo failed: ${error instanceof Error ? error.message : String(error)}`,
            exitCodes.environment,
          );
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else printSummary(summary, process.stdout);
        if (!summary.ok) process.exitCode = exitCodes.checkFailed;
      },
    );
}

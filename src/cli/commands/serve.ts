import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import type { Config } from '../../config/schema.ts';
import { createLogger, type LogLevel } from '../../ops/logger.ts';
import { secretValuesOf } from '../../ops/secret-values.ts';
import { storeFromOption } from '../../store/open-store.ts';
import { roleProblem, startService, type ServiceRole } from '../../service/start-service.ts';
import { CliError } from '../cli-error.ts';
import { openApiProblem } from '../../security/open-api-exposure.ts';
import { clearFieldsProblem } from '../../security/field-protection/clear-fields-problem.ts';
import { UnapprovedConfigError } from '../../security/second-approver.ts';

interface RunOptions {
  readonly config: string;
  readonly logLevel: LogLevel;
  readonly store?: string;
  readonly id?: string;
  readonly metricsPort?: string;
}

function configWithStore(opts: RunOptions): Config {
  const config = loadConfig(opts.config);
  return opts.store === undefined ? config : { ...config, store: storeFromOption(opts.store) };
}

/** Runs the service in a role until SIGINT or SIGTERM, then finishes in-flight work and stops. */
async function runUntilSignalled(opts: RunOptions, role: ServiceRole): Promise<void> {
  const config = configWithStore(opts);
  const problem = roleProblem(config, role);
  if (problem !== undefined) throw new CliError(`Cannot start: ${problem}.`);
  // A worker listens only for --metrics-port, which then needs the same care as the API.
  const exposure =
    role !== 'worker' || opts.metricsPort !== undefined
      ? openApiProblem(config, role === 'worker' ? 'the worker metrics endpoint' : 'the API')
      : undefined;
  if (exposure !== undefined) throw new CliError(`Cannot start: ${exposure}.`);
  const inClear = clearFieldsProblem(config);
  if (inClear !== undefined) throw new CliError(`Cannot start: ${inClear}.`);
  const logger = createLogger(opts.logLevel, { secrets: secretValuesOf(config, process.env) });
  if (role !== 'worker' && config.security?.auth === undefined)
    logger.warn(
      { host: config.http.host },
      'the API has no authentication (no security.auth): anyone who can reach it may read and act',
    );
  const metricsPort = opts.metricsPort === undefined ? undefined : Number(opts.metricsPort);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535))
    throw new CliError(`--metrics-port must be a port number (0-65535), not ${opts.metricsPort}.`);
  const service = await startService(config, {
    logger,
    env: process.env,
    role,
    ...(opts.id === undefined ? {} : { owner: opts.id }),
    ...(metricsPort === undefined ? {} : { metricsPort }),
  }).catch((error: unknown) => {
    if (error instanceof UnapprovedConfigError) throw new CliError(`Cannot start: ${error.message}.`);
    throw error;
  });
  if (role === 'worker')
    process.stdout.write(
      `Ledgerline worker running (store ${service.store.location})${service.metricsUrl ? `, metrics at ${service.metricsUrl}` : ''}\n`,
    );
  else process.stdout.write(`Ledgerline serving on ${service.url} (store ${service.store.location})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping: finishing in-flight work');
  await service.stop();
}

const roles: readonly ServiceRole[] = ['all', 'api'];

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API and the pipeline from a YAML configuration')
    .requiredOption('-c, --config <file>', 'YAML configuration file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store')
    .option(
      '--role <role>',
      'all: the API and all the work; api: the API and intake only, the work left to `ledgerline worker`s (PostgreSQL)',
      'all',
    )
    .option('--id <name>', "this process's name in the store's leases (default host:pid:random)")
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(async (opts: RunOptions & { role: string }) => {
      const role = roles.find((r) => r === opts.role);
      if (role === undefined) throw new CliError(`Unknown --role ${opts.role}: use all or api.`);
      await runUntilSignalled(opts, role);
    });

  program
    .command('worker')
    .description(
      'decide, deliver and poll against a shared PostgreSQL store, with no HTTP API; run as many as the load needs',
    )
    .requiredOption('-c, --config <file>', 'YAML configuration file')
    .option('--store <url>', 'a postgres:// URL instead of the configured store')
    .option('--id <name>', "this worker's name in the store's leases (default host:pid:random)")
    .option(
      '--metrics-port <port>',
      "serve this worker's Prometheus metrics at http://<http.host>:<port>/metrics",
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(async (opts: RunOptions) => {
      await runUntilSignalled(opts, 'worker');
    });
}

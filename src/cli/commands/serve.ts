import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger, type LogLevel } from '../../ops/logger.ts';
import { startService } from '../../service/start-service.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the pipeline and the HTTP API from a YAML configuration')
    .requiredOption('-c, --config <file>', 'YAML configuration file')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(async (opts: { config: string; logLevel: LogLevel }) => {
      const config = loadConfig(opts.config);
      const logger = createLogger(opts.logLevel);
      const service = await startService(config, { logger, env: process.env });
      process.stdout.write(`Ledgerline serving on ${service.url} (store ${config.store.sqlite})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      logger.info('stopping: finishing in-flight work');
      await service.stop();
    });
}

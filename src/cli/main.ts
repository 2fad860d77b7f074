// The `ledgerline` command line.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { CliError, exitCodes } from './cli-error.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerApiKeyCommand } from './commands/apikey.ts';
import { registerConfigCommand } from './commands/config.ts';
import { registerContractsCommand } from './commands/contracts-export.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDlqCommand } from './commands/dlq.ts';
import { registerErpCommand } from './commands/erp.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerRetentionCommands } from './commands/retention.ts';
import { registerEraseCommand } from './commands/erase.ts';
import { ledgerlineVersion } from '../version.ts';

const program = new Command('ledgerline')
  .description('Governed, exactly-once sync between a PSA and an ERP')
  .version(ledgerlineVersion)
  .exitOverride()
  // Options after a subcommand are the subcommand's: `reconcile --config` and `reconcile customers --config`.
  .enablePositionalOptions();
registerServeCommand(program);
registerDemoCommand(program);
registerContractsCommand(program);
registerDlqCommand(program);
registerReplayCommand(program);
registerReconcileCommand(program);
registerErpCommand(program);
registerAuditCommand(program);
registerExplainCommand(program);
registerKeysCommand(program);
registerRetentionCommands(program);
registerEraseCommand(program);
registerApiKeyCommand(program);
registerConfigCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : exitCodes.usage;
  } else if (error instanceof CliError) {
    process.stderr.write(`ledgerline: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`ledgerline: ${error.message}\n`);
    process.exitCode = exitCodes.usage;
  } else {
    const e = error as NodeJS.ErrnoException;
    const reasonCode = (error as { reasonCode?: unknown }).reasonCode;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`ledgerline: ${e.message}. Choose another port (--port or http.port).\n`);
      process.exitCode = exitCodes.environment;
    } else if (typeof reasonCode === 'string') {
      // A system refused or failed (e.g. an ERP answering 401 to a wrong key): say so, not a stack trace.
      process.stderr.write(
        `ledgerline: ${e.message} (${reasonCode}). Check the system and its credentials.\n`,
      );
      process.exitCode = exitCodes.environment;
    } else throw error;
  }
}

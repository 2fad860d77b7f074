// `ledgerline contracts export --out DIR`: publishes the catalogue as JSON Schema and AsyncAPI files.
import type { Command } from 'commander';
import { writeContracts } from './write-contracts.ts';

/** Exit code for an export that could not be written (1 stays commander's usage error). */
export const EXPORT_FAILED_EXIT_CODE = 2;

export function registerContractsCommand(program: Command): void {
  const contracts = program.command('contracts').description('Canonical event contracts');
  contracts
    .command('export')
    .description('Write a JSON Schema per event plus the AsyncAPI document (JSON and YAML)')
    .requiredOption('--out <dir>', 'output directory, created when missing')
    .action(async (options: { out: string }, command: Command) => {
      let files: string[];
      try {
        ({ files } = await writeContracts(options.out));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        command.error(`contracts export failed: cannot write to "${options.out}": ${reason}`, {
          exitCode: EXPORT_FAILED_EXIT_CODE,
          code: 'ledgerline.contracts.export-failed',
        });
      }
      // Through commander's output hooks, so an embedding program (or a test) can redirect it.
      const output = command.configureOutput();
      const listing = files.map((file) => `${file}\n`).join('');
      if (output.writeOut) output.writeOut(listing);
      else process.stdout.write(listing);
    });
}

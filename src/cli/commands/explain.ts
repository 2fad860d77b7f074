// `ledgerline explain <posting>`: proves where a posting came from (see src/audit/explain-posting.ts).
// Exit 0 when proven, 1 when something does not match (printed), 2 for bad usage or an unknown posting,
// 4 when it cannot be proven only because its source was erased or purged (audited) and nothing else is off.
import type { Command } from 'commander';
import { explainPosting } from '../../audit/explain-posting.ts';
import { explanationText } from '../../audit/explain-text.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';

/** Not proven, not tampered: the source was lawfully erased or purged (ADR 0022). */
const sourceRemovedExit = 4;

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'prove a posting: its source approval and digest, amounts, mapping version, reference data, audit entries, and a byte-for-byte re-derivation',
    )
    .argument('<posting>', "a delivery seq, an idempotency key, or the target's id for a posting")
    .option('-c, --config <file>', 'YAML configuration naming the store')
    .option('--db <file>', 'SQLite store file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store')
    .option('--json', 'print JSON')
    .action(async (posting: string, opts: StoreLocation & { json?: boolean }) => {
      const store = await openStoreAt(opts);
      try {
        const lookup = await explainPosting(store, posting);
        if (lookup.found === 'none')
          throw new CliError(
            `No posting ${posting}: name it by delivery seq, idempotency key or the target's id (see ledgerline dlq list or the console's lineage).`,
            exitCodes.usage,
          );
        if (lookup.found === 'many')
          throw new CliError(
            `${posting} names ${lookup.candidates.length} postings (${lookup.candidates
              .map((d) => `seq ${d.seq} ${d.idempotencyKey} to ${d.target}`)
              .join('; ')}): name one by its delivery seq.`,
            exitCodes.usage,
          );
        const { explanation } = lookup;
        process.stdout.write(
          opts.json ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation),
        );
        if (!explanation.proven)
          process.exitCode =
            explanation.sourceRemoved !== null && explanation.problems.length === 0
              ? sourceRemovedExit
              : exitCodes.checkFailed;
      } finally {
        await store.close();
      }
    });
}

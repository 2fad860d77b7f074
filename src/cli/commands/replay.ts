import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';
import { auditEntry, cliActor } from '../../audit/record.ts';
import type { ReplaySelection } from '../../store/port.ts';

function parseSeq(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} takes a whole number, got "${text}"`);
  return n;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'run finished events through the pipeline again; postings reuse their idempotency keys, so nothing is posted twice',
    )
    .option('-c, --config <file>', 'YAML configuration naming the store')
    .option('--db <file>', 'SQLite store file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store')
    .option('--event <id...>', 'event ids to replay')
    .option('--from-seq <n>', 'replay events from this sequence number')
    .option('--to-seq <n>', 'up to this sequence number')
    .option('--type <type...>', 'only these event types')
    .option(
      '--redeliver',
      'push already-delivered postings again with the same keys (the target must answer with the original)',
    )
    .action(
      async (
        opts: StoreLocation & {
          event?: string[];
          fromSeq?: string;
          toSeq?: string;
          type?: string[];
          redeliver?: boolean;
        },
      ) => {
        const fromSeq = parseSeq(opts.fromSeq, '--from-seq');
        const toSeq = parseSeq(opts.toSeq, '--to-seq');
        if (opts.event === undefined && fromSeq === undefined && toSeq === undefined) {
          throw new CliError('Say what to replay: --event <id...> or --from-seq/--to-seq');
        }
        const store = await openStoreAt(opts);
        try {
          const selection: ReplaySelection = {
            redeliver: opts.redeliver === true,
            ...(opts.event ? { eventIds: opts.event } : {}),
            ...(fromSeq === undefined ? {} : { fromSeq }),
            ...(toSeq === undefined ? {} : { toSeq }),
            ...(opts.type ? { types: opts.type } : {}),
          };
          const count = await store.replay(selection, Date.now());
          await store.appendAudit([auditEntry(cliActor(), 'replay', 'events', { ...selection, count })]);
          process.stdout.write(
            `${count} event(s) queued for replay${opts.redeliver ? ' with redelivery' : ''}; a running "ledgerline serve" picks them up.\n`,
          );
        } finally {
          await store.close();
        }
      },
    );
}

import type { Command } from 'commander';
import type { DeadLetterState } from '../../store/port.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';
import { auditEntry, cliActor } from '../../audit/record.ts';

function parseId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1)
    throw new CliError(`"${text}" is not a dead-letter id (a whole number, see "ledgerline dlq list")`);
  return id;
}

function withStore(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration naming the store')
    .option('--db <file>', 'SQLite store file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store');
}

export function registerDlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('inspect and act on the dead-letter queue');

  withStore(dlq.command('list').description('list dead letters'))
    .option('--state <state>', 'open, retried or resolved', 'open')
    .option('--limit <n>', 'at most this many', '100')
    .option('--reason <prefix>', 'only reason codes starting so, e.g. "governance." for governance conflicts')
    .option('--json', 'print JSON')
    .action(
      async (opts: StoreLocation & { state: string; limit: string; reason?: string; json?: boolean }) => {
        if (!['open', 'retried', 'resolved'].includes(opts.state))
          throw new CliError('--state must be open, retried or resolved');
        const store = await openStoreAt(opts);
        try {
          const items = await store.listDeadLetters({
            state: opts.state as DeadLetterState,
            limit: Number(opts.limit),
            ...(opts.reason === undefined ? {} : { reasonPrefix: opts.reason }),
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
            return;
          }
          if (items.length === 0) process.stdout.write(`No ${opts.state} dead letters.\n`);
          for (const d of items) {
            process.stdout.write(
              `#${d.id}  ${d.reasonCode}  ${d.subject}  (${d.eventType} ${d.eventId})\n    ${d.message}\n`,
            );
          }
        } finally {
          await store.close();
        }
      },
    );

  withStore(
    dlq.command('retry').description('send dead letters back into the pipeline (after fixing the cause)'),
  )
    .argument('<ids...>', 'dead-letter ids')
    .action(async (ids: string[], opts: StoreLocation) => {
      const store = await openStoreAt(opts);
      try {
        let failed = 0;
        for (const id of ids.map(parseId)) {
          const ok = await store.retryDeadLetter(id, Date.now());
          if (ok)
            await store.appendAudit([auditEntry(cliActor(), 'dead-letter.retried', `dead-letter:${id}`)]);
          process.stdout.write(ok ? `#${id} sent back for delivery\n` : `#${id} is not open; nothing done\n`);
          if (!ok) failed += 1;
        }
        if (failed > 0) process.exitCode = exitCodes.checkFailed;
      } finally {
        await store.close();
      }
    });

  withStore(dlq.command('resolve').description('close dead letters without sending them, with a note'))
    .argument('<ids...>', 'dead-letter ids')
    .requiredOption('--note <text>', 'why this needs no delivery (kept for audit)')
    .action(async (ids: string[], opts: StoreLocation & { note: string }) => {
      if (opts.note.trim() === '')
        throw new CliError('--note must say why the dead letter needs no delivery');
      const store = await openStoreAt(opts);
      try {
        let failed = 0;
        for (const id of ids.map(parseId)) {
          const ok = await store.resolveDeadLetter(id, opts.note, Date.now());
          if (ok)
            await store.appendAudit([
              auditEntry(cliActor(), 'dead-letter.resolved', `dead-letter:${id}`, { note: opts.note }),
            ]);
          process.stdout.write(ok ? `#${id} resolved\n` : `#${id} is not open; nothing done\n`);
          if (!ok) failed += 1;
        }
        if (failed > 0) process.exitCode = exitCodes.checkFailed;
      } finally {
        await store.close();
      }
    });
}

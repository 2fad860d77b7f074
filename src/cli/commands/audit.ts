// `ledgerline audit verify` walks the audit chain and says where it breaks; `audit anchor --export` writes
// the chain head to a file that a later `verify --anchor` checks the chain against.
import type { Command } from 'commander';
import { readAnchorFile, writeAnchorFile } from '../../audit/anchor-file.ts';
import { verifyAuditChain } from '../../audit/verify.ts';
import type { AuditAnchor } from '../../store/audit-port.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';

function withStore(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration naming the store')
    .option('--db <file>', 'SQLite store file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store');
}

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('verify and anchor the tamper-evident audit log');

  withStore(audit.command('verify').description('walk the audit chain; exit 1 naming the first broken entry'))
    .option('--anchor <file>', 'also check the chain still holds this exported head unchanged')
    // The latest anchor the service recorded is always checked.
    .option('--json', 'print JSON')
    .action(async (opts: StoreLocation & { anchor?: string; json?: boolean }) => {
      let anchor: AuditAnchor | undefined;
      if (opts.anchor !== undefined) {
        const read = readAnchorFile(opts.anchor);
        if (typeof read === 'string') throw new CliError(read);
        anchor = read;
      }
      const store = await openStoreAt(opts);
      try {
        // The latest periodic anchor pins the longest prefix; the exported one guards against a rewrite
        // of the anchors table too.
        const anchors = [...(anchor ? [anchor] : []), ...(await store.listAuditAnchors(1))];
        const verdict = await verifyAuditChain((after, limit) => store.listAudit(after, limit), anchors);
        if (opts.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
        else if (verdict.broken)
          process.stdout.write(
            `Audit chain BROKEN at entry ${verdict.broken.seq}: ${verdict.broken.message}.\n`,
          );
        else
          process.stdout.write(
            verdict.head === null
              ? 'Audit log is empty.\n'
              : `Audit chain intact: ${verdict.entries} entries, head ${verdict.head.seq} ${verdict.head.hash}` +
                  `${anchor ? `; holds the anchor at entry ${anchor.seq}` : ''}.\n`,
          );
        if (!verdict.intact) process.exitCode = exitCodes.checkFailed;
      } finally {
        await store.close();
      }
    });

  withStore(audit.command('anchor').description('write the current chain head (seq, hash, at) to a file'))
    .requiredOption('--export <file>', 'where to write the anchor (JSON)')
    .action(async (opts: StoreLocation & { export: string }) => {
      const store = await openStoreAt(opts);
      try {
        const head = await store.auditHead();
        if (head === undefined) throw new CliError('The audit log is empty: nothing to anchor yet.', 1);
        writeAnchorFile(opts.export, head);
        process.stdout.write(`Anchored entry ${head.seq} (${head.hash}) to ${opts.export}.\n`);
      } finally {
        await store.close();
      }
    });
}

// The Ledgerline connector for Tryton 6.0 over JSON-RPC. As a target: projects, time postings (billable
// lines priced by rate task, costs through timesheet_cost), revisions, withdrawals and project closing.
// As a source: the company's accounting periods, currency rates into its currency, customer invoices and
// their payments. Tryton's own project invoicing is exposed as
// `invoiceProjects` for operators and tests. See README.md beside this file.
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult, SourceConnector, SourceMemory, TargetConnector } from '../kit/connector.ts';
import { invoiceProjects, type CreatedInvoice } from './invoice-projects.ts';
import { pushCommands } from './push.ts';
import { failureOf, fromFailure } from './results.ts';
import { TrytonRpc } from './rpc-client.ts';
import { readBooks, type Books } from './setup.ts';
import { serial } from './serial.ts';
import { createTrytonSource } from './source.ts';

export interface TrytonConnectorOptions {
  /** The system name of commands and canonical ids, e.g. 'tryton'. */
  readonly system: string;
  /** e.g. 'http://127.0.0.1:8000' */
  readonly baseUrl: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  /** The canonical legal entity the Tryton company books for, put on invoices and periods. */
  readonly legalEntityId: string;
  /** Service product name, default 'Consulting'. */
  readonly product?: string;
  /** Customer payment term name for new customers; default: the first one. */
  readonly paymentTerm?: string;
  /** Per request; default 60 s (a batch create of hundreds of lines takes a few seconds). */
  readonly timeoutMs?: number;
  /**
   * What earlier pulls remembered (the pipeline saves each page's `remember`): with it, a period or rate
   * is published only when its value changed; without it, unchanged ones come again under the same event
   * ids (duplicates the intake drops) whenever a period or rate was written.
   */
  readonly memory?: SourceMemory;
  /** Told of every record `pull` skips as unmappable (an invoice, a period, a rate); default: stderr. */
  readonly onSkipped?: (message: string) => void;
}

export interface TrytonConnector extends SourceConnector, TargetConnector {
  /**
   * Runs Tryton's own project invoicing (project.work.invoice) on these projects (Tryton ids as given in
   * provisionProject's externalId), or on every project with time to invoice; posts the draft invoices
   * when `post` is true. Answers what it created. Throws when Tryton refuses.
   */
  invoiceProjects(options: {
    projectExternalIds?: readonly string[];
    post: boolean;
  }): Promise<readonly CreatedInvoice[]>;
  /** Logins (one per run, plus one per expired session) and requests sent so far. */
  readonly rpcStats: { readonly logins: number; readonly calls: number };
  close(): Promise<void>;
}

const SYSTEM = /^[a-z][a-z0-9-]{0,63}$/;

export function createTrytonConnector(options: TrytonConnectorOptions): TrytonConnector {
  if (!SYSTEM.test(options.system)) throw new RangeError(`system must match ${SYSTEM.source}`);
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new RangeError('timeoutMs must be a positive integer');
  const rpc = new TrytonRpc({
    baseUrl: options.baseUrl,
    database: options.database,
    username: options.username,
    password: options.password,
    timeoutMs,
  });
  let books: Promise<Books> | undefined;
  // Read once; a failed read is not kept, so the next call tries again.
  const getBooks = (): Promise<Books> => {
    if (books === undefined) {
      const pending = readBooks(rpc, {
        system: options.system,
        legalEntityId: options.legalEntityId,
        product: options.product ?? 'Consulting',
        paymentTerm: options.paymentTerm,
      });
      pending.catch(() => {
        if (books === pending) books = undefined;
      });
      books = pending;
    }
    return books;
  };
  const report = options.onSkipped ?? ((message: string) => console.error(`tryton: skipped: ${message}`));
  const source = createTrytonSource(getBooks, options.memory, report);
  const oneAtATime = serial();

  return {
    system: options.system,
    pull: (cursor, limit) => source.pull(cursor, limit),
    receiveWebhook: (webhook) => source.receiveWebhook(webhook),

    push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      return oneAtATime(async () => {
        let current: Books;
        try {
          current = await getBooks();
        } catch (error) {
          const failure = fromFailure(failureOf(error));
          return commands.map(() => failure);
        }
        return pushCommands(current, commands);
      });
    },

    invoiceProjects(request) {
      return oneAtATime(async () => invoiceProjects(await getBooks(), request));
    },

    get rpcStats() {
      return { logins: rpc.logins, calls: rpc.calls };
    },

    close: () => rpc.close(),
  };
}

// The Ledgerline connector for Xero Accounting (API 2.0), an ERP. As a target: a project's customer as a
// Contact, billable time and rebilled expenses as lines of the project's draft sales invoice, time costs
// as manual journals (when cost accounts are configured). As a source: approved sales invoices and their
// payments. OAuth 2 with refresh tokens and the tenant header; Xero's per-tenant quota kept on our side;
// signed webhooks verified. See README.md beside this file.
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult, SourceConnector, TargetConnector } from '../kit/connector.ts';
import type { CallBudget } from '../kit/call-budget.ts';
import type { OAuth2Session } from '../kit/oauth2-refresh.ts';
import { readXeroWebhook } from '../kit/xero-webhook.ts';
import { openXeroConnection } from './client/xero-connection.ts';
import { pushCommands } from './push.ts';
import { pullXero } from './source.ts';

export interface XeroOAuthOptions {
  /** default https://identity.xero.com/connect/token */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the rotated refresh token is kept (Xero retires the old one at every refresh). */
  readonly refreshTokenFile: string;
  /** The refresh token from the first authorisation, used until the file exists. */
  readonly initialRefreshToken?: string;
}

export interface XeroAccountingOptions {
  readonly system: string;
  /** default https://api.xero.com/api.xro/2.0 */
  readonly baseUrl: string;
  /** The organisation (the `xero-tenant-id` header). */
  readonly tenantId: string;
  readonly oauth: XeroOAuthOptions;
  /** The canonical legal entity the organisation books for. */
  readonly legalEntityId: string;
  /** Revenue account of time and rebilled expenses; default "200". */
  readonly salesAccountCode?: string;
  /** Xero TaxType per Ledgerline tax code. */
  readonly taxTypes?: Readonly<Record<string, string>>;
  /** Accounts of the time-cost journal (debit cost of sales, credit accrued labour). */
  readonly costJournal?: { readonly debitAccountCode: string; readonly creditAccountCode: string };
  /** The app's webhook key (xero-webhooks.yaml), or several while it is rotated; without it webhooks are refused. */
  readonly webhookKey?: string | readonly string[];
  readonly timeoutMs?: number;
  /**
   * The tenant's quota; pass the same one to every connector of the tenant (Xero counts calls per tenant
   * and app). Default: Xero's documented limits, for this connector alone.
   */
  readonly budget?: CallBudget;
  /** One Xero connection's session, shared by its connectors so they never refresh against each other. */
  readonly session?: OAuth2Session;
  readonly onSkipped?: (message: string) => void;
}

export interface XeroAccountingConnector extends SourceConnector, TargetConnector {
  /** Calls sent to Xero and token refreshes so far. */
  readonly stats: { readonly calls: number; readonly refreshes: number };
  close(): Promise<void>;
}

const SYSTEM = /^[a-z][a-z0-9-]{0,63}$/;

export function createXeroAccountingConnector(options: XeroAccountingOptions): XeroAccountingConnector {
  if (!SYSTEM.test(options.system)) throw new RangeError(`system must match ${SYSTEM.source}`);
  const { http, session } = openXeroConnection(options);
  const settings = {
    salesAccountCode: options.salesAccountCode ?? '200',
    taxTypes: options.taxTypes ?? {},
    costJournal: options.costJournal,
  };
  const onSkipped = options.onSkipped ?? ((m: string) => console.error(`xero-accounting: skipped: ${m}`));
  // One push at a time: two pushes adding lines to the same draft would overwrite each other's lines.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    system: options.system,
    pull: (cursor, limit) =>
      pullXero(
        http,
        { system: options.system, legalEntityId: options.legalEntityId, onSkipped },
        cursor,
        limit,
      ),
    receiveWebhook(webhook) {
      if (options.webhookKey === undefined)
        return {
          ok: false,
          status: 422,
          reasonCode: 'webhook.not_configured',
          message: 'no webhook key is configured',
        };
      const checked = readXeroWebhook(options.webhookKey, webhook);
      // Xero's events name a resource only; the next pull reads it (see kit/xero-webhook.ts).
      return checked.ok ? { ok: true, events: [] } : checked;
    },
    push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      const run = queue.then(() => pushCommands(http, settings, commands));
      queue = run.catch(() => undefined);
      return run;
    },
    get stats() {
      return { calls: http.calls, refreshes: session.refreshes };
    },
    close: () => Promise.resolve(),
  };
}

// The Ledgerline connector for Xero Projects (projects.xro/2.0), a PSA of a Xero firm: consultants (cost
// rates from configuration), projects in progress and locked time, read in full passes. Invoices and
// payments live in the same Xero organisation's Accounting (the ERP), where the firm already sees them:
// the PSA commands are refused naming the kind. OAuth 2 as for Xero Accounting (point both at the same
// refresh-token file: it is one Xero connection). See README.md beside this file.
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult, SourceConnector, TargetConnector } from '../kit/connector.ts';
import type { CallBudget } from '../kit/call-budget.ts';
import type { OAuth2Session } from '../kit/oauth2-refresh.ts';
import { openXeroConnection } from '../xero-accounting/client/xero-connection.ts';
import type { XeroOAuthOptions } from '../xero-accounting/connector.ts';
import type { XeroProjectsMapping } from './map-events.ts';
import { pullXeroProjects } from './source.ts';

export interface XeroProjectsOptions extends XeroProjectsMapping {
  /** default https://api.xero.com/projects.xro/2.0 */
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly oauth: XeroOAuthOptions;
  readonly timeoutMs?: number;
  /** The tenant's quota, shared with the tenant's other Xero connectors (see xero-accounting). */
  readonly budget?: CallBudget;
  /** The Xero connection's session, shared with the tenant's other Xero connectors. */
  readonly session?: OAuth2Session;
  readonly onSkipped?: (message: string) => void;
}

export interface XeroProjectsConnector extends SourceConnector, TargetConnector {
  readonly stats: { readonly calls: number; readonly refreshes: number };
  close(): Promise<void>;
}

export function createXeroProjectsConnector(options: XeroProjectsOptions): XeroProjectsConnector {
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(options.system)) throw new RangeError('bad system id');
  const { http, session } = openXeroConnection(options);
  const onSkipped = options.onSkipped ?? ((m: string) => console.error(`xero-projects: skipped: ${m}`));
  return {
    system: options.system,
    pull: (cursor, limit) => pullXeroProjects(http, options, onSkipped, cursor, limit),
    receiveWebhook: () => ({
      ok: false,
      status: 422,
      reasonCode: 'webhook.not_supported',
      message: 'Xero Projects sends no webhooks; it is polled',
    }),
    push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      return Promise.resolve(
        commands.map((c) => ({
          outcome: 'reject' as const,
          reasonCode: 'xero-projects.unsupported_command',
          message: `Xero Projects does not carry out ${c.kind}: invoices and payments are in the same Xero organisation's Accounting`,
        })),
      );
    },
    get stats() {
      return { calls: http.calls, refreshes: session.refreshes };
    },
    close: () => Promise.resolve(),
  };
}

// The Ledgerline connector for Harvest (API v2), a PSA. As a source: consultants' cost rates, active
// projects, approved time entries and approved expenses. As a target: the ERP's invoices and payments,
// shown on the project's client in Harvest. See README.md beside this file.
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult, SourceConnector, TargetConnector } from '../kit/connector.ts';
import type { CallBudget } from '../kit/call-budget.ts';
import { HarvestHttp } from './client/harvest-http.ts';
import type { HarvestMapping } from './map-events.ts';
import { pushCommands } from './push.ts';
import { pullHarvest } from './source.ts';

export interface HarvestOptions extends HarvestMapping {
  /** default https://api.harvestapp.com/v2 */
  readonly baseUrl: string;
  readonly accountId: string;
  /** A personal access token, or an OAuth 2 access token (sent the same way). */
  readonly accessToken: string;
  readonly timeoutMs?: number;
  readonly budget?: CallBudget;
  readonly onSkipped?: (message: string) => void;
}

export interface HarvestConnector extends SourceConnector, TargetConnector {
  readonly stats: { readonly calls: number };
  close(): Promise<void>;
}

const SYSTEM = /^[a-z][a-z0-9-]{0,63}$/;

export function createHarvestConnector(options: HarvestOptions): HarvestConnector {
  if (!SYSTEM.test(options.system)) throw new RangeError(`system must match ${SYSTEM.source}`);
  const http = new HarvestHttp({
    baseUrl: options.baseUrl,
    accountId: options.accountId,
    accessToken: options.accessToken,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  const mapping: HarvestMapping = {
    system: options.system,
    currency: options.currency,
    projectDefaults: options.projectDefaults,
  };
  const onSkipped = options.onSkipped ?? ((m: string) => console.error(`harvest: skipped: ${m}`));
  let queue: Promise<unknown> = Promise.resolve();
  return {
    system: options.system,
    pull: (cursor, limit) => pullHarvest(http, mapping, onSkipped, cursor, limit),
    // Harvest has no webhooks in API v2: it is polled.
    receiveWebhook: () => ({
      ok: false,
      status: 422,
      reasonCode: 'webhook.not_supported',
      message: 'Harvest has no webhooks; it is polled',
    }),
    push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      // One push at a time: a payment must not overtake the invoice it is recorded on.
      const run = queue.then(() => pushCommands(http, commands));
      queue = run.catch(() => undefined);
      return run;
    },
    get stats() {
      return { calls: http.calls };
    },
    close: () => Promise.resolve(),
  };
}

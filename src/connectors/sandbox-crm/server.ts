// The sandbox CRM: a real HTTP server that behaves like a vendor CRM (accounts and deals in its own JSON,
// a deal event feed, signed webhooks, switchable faults) so Ledgerline's quote-to-cash flow can be
// exercised end to end without a vendor account.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { decodeWebhookSecret } from '../kit/webhook-secret.ts';
import { listen } from '../sandbox-kit/listen.ts';
import {
  WebhookDispatcher,
  deliveryPolicy,
  type DeliveryPolicy,
  type WebhookMessage,
} from '../sandbox-kit/webhook-dispatcher.ts';
import type { CrmPipeline } from './crm-pipeline.ts';
import { registerAdminRoutes } from './sim/admin-routes.ts';
import { registerApiRoutes } from './sim/api-routes.ts';
import { FaultInjector, type FaultSettings } from './sim/faults.ts';
import { installHttpEdge } from './sim/http-edge.ts';
import type { StageMove } from './sim/move-stage.ts';
import type { CrmReport } from './sim/report.ts';
import { SandboxCore } from './sim/sandbox-core.ts';
import type { SeedSummary } from './sim/seed.ts';
import { CrmStore, type WebhookSubscription } from './sim/store.ts';
import type { VendorDealEvent } from './vendor/deal-events.ts';
import type { VendorDeal } from './vendor/records.ts';

export type { CrmPipeline, SeedAccount, SeedDeal, StageChange } from './crm-pipeline.ts';
export { SandboxCrmError } from './sim/errors.ts';
export type { FaultSettings } from './sim/faults.ts';
export type { StageMove } from './sim/move-stage.ts';
export type { CrmReport } from './sim/report.ts';
export type { SeedSummary } from './sim/seed.ts';
export type { WebhookSubscription } from './sim/store.ts';
export type { DealStage } from './vendor/records.ts';

export interface SandboxCrmOptions {
  /** Every request, API and admin, needs `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Standard Webhooks secret, "whsec_<base64>", signing every delivery; a random one when absent. */
  readonly webhookSecret?: string;
  /** Webhook concurrency and retry schedule; defaults to 8 in flight, 4 attempts, 250 ms doubling. */
  readonly delivery?: Partial<DeliveryPolicy>;
}

export interface SandboxCrm {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The secret webhooks are signed with (also returned when a webhook is registered). */
  readonly webhookSecret: string;
  /** Stops serving and drops undelivered webhooks. Idempotent. */
  close(): Promise<void>;
  seed(pipeline: CrmPipeline): SeedSummary;
  moveDeal(dealId: string, move: StageMove): VendorDeal;
  /** Replaces every fault setting; `{}` switches faults off. */
  setFaults(faults: FaultSettings): FaultSettings;
  faults(): FaultSettings;
  report(): CrmReport;
  reset(): void;
  subscribeWebhook(url: string): WebhookSubscription;
  /** Resolves once every webhook so far is delivered or given up. */
  deliveriesSettled(): Promise<void>;
}

const BODY_LIMIT_BYTES = 64 * 1024 * 1024; // a 50,000-deal pipeline is ~30 MB of JSON

/** A delivery is `{"type", "timestamp", "data"}` under the event's id, stamped when the attempt starts. */
function dealEventWebhook(event: VendorDealEvent, now: Date): WebhookMessage {
  const body = JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event });
  return { id: event.event_id, body };
}

export async function startSandboxCrm(options: SandboxCrmOptions): Promise<SandboxCrm> {
  if (options.apiKey.length === 0) throw new RangeError('apiKey must not be empty');
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64')}`;
  decodeWebhookSecret(webhookSecret);
  const policy = deliveryPolicy(options.delivery);

  const store = new CrmStore();
  const faults = new FaultInjector();
  const dispatcher = new WebhookDispatcher(
    webhookSecret,
    dealEventWebhook,
    faults,
    store.webhookStats,
    policy,
  );
  const core = new SandboxCore(store, faults, dispatcher, webhookSecret);

  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true });
  installHttpEdge(app, options.apiKey);
  registerApiRoutes(app, core);
  registerAdminRoutes(app, core);
  const url = await listen(app, host, options.port, () => dispatcher.close());

  let closing: Promise<void> | undefined;
  return {
    url,
    webhookSecret,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await dispatcher.close();
      })();
      return closing;
    },
    // Copies in and out, so a caller's objects never alias the sandbox's records.
    seed: (pipeline) => core.seed(structuredClone(pipeline)),
    moveDeal: (dealId, move) => ({ ...core.moveDeal(dealId, { ...move }) }),
    setFaults: (settings) => core.setFaults(structuredClone(settings)),
    faults: () => core.faults.current(),
    report: () => core.report(),
    reset: () => core.reset(),
    subscribeWebhook: (target) => ({ ...core.subscribe(target) }),
    deliveriesSettled: () => dispatcher.idle(),
  };
}

// The sandbox PSA: a real HTTP server that behaves like a vendor PSA (its own JSON, an activity feed,
// signed webhooks, switchable faults) so Ledgerline can be exercised end to end without a vendor account.
import type { VendorInvoice, VendorPayment } from './vendor/billing-records.ts';
import Fastify, { type FastifyError } from 'fastify';
import { decodeWebhookSecret } from '../kit/webhook-secret.ts';
import { listen } from '../sandbox-kit/listen.ts';
import {
  WebhookDispatcher,
  deliveryPolicy,
  type DeliveryPolicy,
  type WebhookMessage,
} from '../sandbox-kit/webhook-dispatcher.ts';
import type { Firm } from './firm.ts';
import type { Approval, ProjectSetup } from './sim/admin-actions.ts';
import type {
  ExpenseApproval,
  ExpenseRejection,
  MilestoneCompletion,
  ProjectClosure,
  RateCardChange,
  TaskPlanChange,
} from './sim/delivery-actions.ts';
import { registerAdminRoutes } from './sim/admin-routes.ts';
import { registerApiRoutes } from './sim/api-routes.ts';
import { registerWriteRoutes } from './sim/write-routes.ts';
import { SandboxPsaError, errorBody } from './sim/errors.ts';
import { FaultInjector, type FaultSettings, type FaultSettingsInput } from './sim/faults.ts';
import type { PsaReport } from './sim/report.ts';
import { SandboxCore } from './sim/sandbox-core.ts';
import type { SeedSummary } from './sim/seed.ts';
import { StateFileWriter, loadStateFile } from './sim/state-file.ts';
import { PsaStore, type WebhookSubscription } from './sim/store.ts';
import type {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
} from './vendor/delivery-records.ts';
import type { VendorActivity, VendorProject, VendorTimeEntry } from './vendor/schemas.ts';

export type { Firm } from './firm.ts';
export type { Approval, ProjectSetup } from './sim/admin-actions.ts';
export type {
  ExpenseApproval,
  ExpenseRejection,
  MilestoneCompletion,
  ProjectClosure,
  RateCardChange,
  TaskPlanChange,
} from './sim/delivery-actions.ts';
export { SandboxPsaError } from './sim/errors.ts';
export type { FaultSettings, FaultSettingsInput } from './sim/faults.ts';
export type { PsaReport } from './sim/report.ts';
export type { SeedSummary } from './sim/seed.ts';
export type { WebhookSubscription } from './sim/store.ts';

export interface SandboxPsaOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1: the admin API has no authentication. */
  readonly host?: string;
  /** Standard Webhooks secret, "whsec_<base64>", used to sign every delivery. */
  readonly webhookSecret: string;
  /** When set, state is loaded from this JSON file at start and written back on change and on close. */
  readonly stateFile?: string;
  /** Webhook concurrency and retry schedule; defaults to 8 in flight, 4 attempts, 250 ms doubling. */
  readonly delivery?: Partial<DeliveryPolicy>;
}

export interface SandboxPsa {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Stops serving, drops undelivered webhooks and writes the state file. Idempotent. */
  close(): Promise<void>;
  seed(firm: Firm): SeedSummary;
  setFaults(faults: FaultSettingsInput): FaultSettings;
  report(): PsaReport;
  /** Every project, drafts (engagements from won deals awaiting finance set-up) included. */
  projects(): VendorProject[];
  /** The invoices written back to the PSA, as a delivery manager sees them (number, status, amounts). */
  invoices(): VendorInvoice[];
  /** The payments written back to the PSA, with their status and the invoice's. */
  payments(): VendorPayment[];
  completeProjectSetup(projectId: string, setup: ProjectSetup): VendorProject;
  approveTime(entryId: number, approval: Approval): VendorTimeEntry;
  approveExpense(expenseId: string, approval: ExpenseApproval): VendorExpense;
  /** A rejected expense is published as `expense.rejected`, never as an approval. */
  rejectExpense(expenseId: string, rejection: ExpenseRejection): VendorExpense;
  completeMilestone(milestoneId: string, completion: MilestoneCompletion): VendorMilestone;
  changeTaskPlan(projectId: string, plan: TaskPlanChange): VendorTaskPlan;
  changeRateCard(rateCardId: string, card: RateCardChange): VendorRateCard;
  closeProject(projectId: string, closure: ProjectClosure): VendorProject;
  subscribeWebhook(url: string): WebhookSubscription;
  /** Resolves once every webhook so far is delivered or given up. */
  deliveriesSettled(): Promise<void>;
}

const BODY_LIMIT_BYTES = 256 * 1024 * 1024; // a 100,000-entry firm is ~30 MB of JSON

/** A delivery is `{"activity": ...}` under the activity's id. */
function activityWebhook(activity: VendorActivity): WebhookMessage {
  return { id: activity.id, body: JSON.stringify({ activity }) };
}

export async function startSandboxPsa(options: SandboxPsaOptions): Promise<SandboxPsa> {
  decodeWebhookSecret(options.webhookSecret);
  const host = options.host ?? '127.0.0.1';
  const saved = options.stateFile === undefined ? undefined : await loadStateFile(options.stateFile);
  const store = saved ? PsaStore.from(saved) : new PsaStore();
  const faults = new FaultInjector();
  const policy = deliveryPolicy(options.delivery);
  const dispatcher = new WebhookDispatcher(
    options.webhookSecret,
    activityWebhook,
    faults,
    store.webhookStats,
    policy,
  );
  const core = new SandboxCore(store, faults, dispatcher);
  const writer =
    options.stateFile === undefined
      ? undefined
      : new StateFileWriter(options.stateFile, () => store.contents());
  if (writer) store.onChange(() => writer.markDirty());

  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof SandboxPsaError)
      return reply.code(error.status).send(errorBody(error.bodyCode, error.message, error.details));
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send(errorBody('invalid_request', error.message));
    return reply.code(500).send(errorBody('internal', `sandbox bug: ${error.message}`));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url}`)),
  );
  registerApiRoutes(app, core);
  registerWriteRoutes(app, core);
  registerAdminRoutes(app, core);
  const url = await listen(app, host, options.port, () => dispatcher.close());

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await dispatcher.close();
        await writer?.flush();
      })();
      return closing;
    },
    // Copies in and out, so a caller's objects never alias the sandbox's records.
    seed: (firm) => core.seed(structuredClone(firm)),
    setFaults: (settings) => core.setFaults(settings),
    report: () => core.report(),
    projects: () => [...store.projects.values()].map((p) => ({ ...p })),
    invoices: () => [...store.invoices.values()].map((i) => ({ ...i })),
    payments: () => [...store.payments.values()].map((p) => ({ ...p })),
    completeProjectSetup: (projectId, setup) => ({ ...core.completeProjectSetup(projectId, setup) }),
    approveTime: (entryId, approval) => ({ ...core.approveTime(entryId, approval) }),
    approveExpense: (id, approval) => ({ ...core.approveExpense(id, approval) }),
    rejectExpense: (id, rejection) => ({ ...core.rejectExpense(id, rejection) }),
    completeMilestone: (id, completion) => ({ ...core.completeMilestone(id, completion) }),
    changeTaskPlan: (projectId, plan) =>
      structuredClone(core.changeTaskPlan(projectId, structuredClone(plan))),
    changeRateCard: (id, card) => structuredClone(core.changeRateCard(id, structuredClone(card))),
    closeProject: (projectId, closure) => ({ ...core.closeProject(projectId, closure) }),
    subscribeWebhook: (target) => ({ ...core.subscribe(target) }),
    deliveriesSettled: () => dispatcher.idle(),
  };
}

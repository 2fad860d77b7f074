// The Ledgerline connector for Redmine 5, a source and a target.
//
// As a source, `pull` runs a resumable sweep (client/sweep.ts): Redmine has no change feed, no webhooks,
// no updated-since filter and no trace of deletions, so projects, users and the time entries of a
// look-back window are read and compared with what the source memory holds; the differences are the
// events, and the memory changes travel in `PulledPage.remember` (the connector never writes memory).
// A sweep ends with `hasMore: false`; the cursor it returns starts the next sweep.
// `pull` throws the kit's source errors (retryable for 429, 5xx, timeouts and network failures),
// RedminePayloadError for an unreadable answer, and RedmineSetupError when a configured custom field is
// missing. Records that cannot be mapped (a user without a cost rate, a project with an unreadable Bill
// rate) are skipped and listed by `problems()`, so one incomplete record does not stop the sync.
//
// As a target, `push` writes invoice and payment status back to the time entries concerned
// (client/write-back.ts) and creates the delivery project of a won deal (client/create-project.ts), in order; once a command must be retried the rest are not sent. It never throws
// for a remote failure. Redmine has no webhooks: `receiveWebhook` refuses every delivery.
import type { TargetCommand } from '../kit/commands.ts';
import type {
  PulledPage,
  PushResult,
  SourceConnector,
  SourceMemory,
  TargetConnector,
} from '../kit/connector.ts';
import { JsonHttp } from '../kit/json-http.ts';
import type { MapContext, ProjectDefaults, ResourceDefaults } from './client/context.ts';
import { decodeCursor, encodeCursor, sweepStart } from './client/cursor.ts';
import { createProject } from './client/create-project.ts';
import { resolveFields, type FieldIds, type FieldNames } from './client/custom-fields.ts';
import { failureOfError } from './client/push-outcome.ts';
import { RedmineHttp } from './client/redmine-http.ts';
import { pullSweep } from './client/sweep.ts';
import { writeInvoiceStatus, writePayment } from './client/write-back.ts';

export { RedminePayloadError, RedmineSetupError } from './client/errors.ts';
export type { FieldNames } from './client/custom-fields.ts';
export type { ProjectDefaults, ResourceDefaults } from './client/context.ts';

export interface RedmineConnectorOptions {
  /** Names the source in event `source` and canonical ids, e.g. "redmine". */
  readonly system: string;
  readonly baseUrl: string;
  /** An administrator's API key: custom field definitions and users are admin-only. */
  readonly apiKey: string;
  /** What earlier pulls remembered; the pipeline saves each page's `remember`. */
  readonly memory: SourceMemory;
  /** Deadline of one request; default 30 s. */
  readonly timeoutMs?: number;
  /** Custom field NAMES, resolved to ids once; a missing one is a RedmineSetupError. */
  readonly fields: FieldNames;
  /** For what a project leaves unset. */
  readonly projectDefaults?: ProjectDefaults;
  /** For users without a Cost rate, and the currency of that field. */
  readonly resourceDefaults?: ResourceDefaults;
  /**
   * Only these projects (Redmine ids or identifiers) are synced; absent = every project. A project once
   * synced stays so while it is remembered.
   */
  readonly projects?: readonly string[];
  /** Time entries are compared within spent_on >= today (UTC) - lookbackDays. */
  readonly window: { readonly lookbackDays: number };
  /** `approvedBy` of approvals (Redmine records no approver); default "redmine". */
  readonly approver?: string;
  readonly now?: () => Date;
}

export interface RedmineConnector extends SourceConnector, TargetConnector {
  /** Records the current sweep skipped, and why (e.g. "user 7 (jdoe) has no Cost rate ..."). */
  problems(): readonly string[];
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const SYSTEM = /^[A-Za-z0-9._-]{1,64}$/;

/** The result of a command left unsent after an earlier one had to be retried. */
function notSent(failure: Extract<PushResult, { outcome: 'retry' }>): PushResult {
  return { ...failure, message: `not sent after an earlier command had to be retried: ${failure.message}` };
}

export function createRedmineConnector(options: RedmineConnectorOptions): RedmineConnector {
  const { system } = options;
  if (!SYSTEM.test(system)) throw new RangeError(`system "${system}" must match ${SYSTEM.source}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new RangeError('timeoutMs must be a positive integer');
  const { lookbackDays } = options.window;
  if (!Number.isInteger(lookbackDays) || lookbackDays < 0 || lookbackDays > 3660)
    throw new RangeError('window.lookbackDays must be an integer from 0 to 3660');
  const transport = new JsonHttp(options.baseUrl, { timeoutMs, connections: 2 });
  const http = new RedmineHttp(transport, options.apiKey);
  const problems = new Map<string, string>();
  const projects = options.projects === undefined ? undefined : new Set(options.projects);
  const now = options.now ?? (() => new Date());

  // Resolved once; a failed resolution (Redmine down, a field missing) is tried again next time.
  let fieldIds: Promise<FieldIds> | undefined;
  const fields = (): Promise<FieldIds> => {
    fieldIds ??= resolveFields(http, options.fields).catch((error: unknown) => {
      fieldIds = undefined;
      throw error;
    });
    return fieldIds;
  };
  const context = async (): Promise<MapContext> => ({
    system,
    fields: await fields(),
    projectDefaults: options.projectDefaults ?? {},
    resourceDefaults: options.resourceDefaults ?? {},
    approver: options.approver ?? 'redmine',
  });

  async function pushOne(command: TargetCommand): Promise<PushResult> {
    if (
      command.kind !== 'recordInvoiceStatus' &&
      command.kind !== 'recordPayment' &&
      command.kind !== 'createDeliveryProject'
    )
      return {
        outcome: 'reject',
        reasonCode: 'psa.unsupported_command',
        message: `the Redmine connector has no operation for ${command.kind}`,
      };
    let ids: FieldIds;
    try {
      ids = await fields();
    } catch (error) {
      return failureOfError(error);
    }
    if (command.kind === 'createDeliveryProject') return createProject(http, ids, command);
    return command.kind === 'recordInvoiceStatus'
      ? writeInvoiceStatus(http, ids, system, command)
      : writePayment(http, ids, command);
  }

  return {
    system,

    async pull(cursor, limit): Promise<PulledPage> {
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer: ${limit}`);
      const start = cursor === undefined ? sweepStart(1) : decodeCursor(cursor);
      const page = await pullSweep(
        { http, memory: options.memory, ctx: await context(), lookbackDays, now, problems, projects },
        start,
        limit,
      );
      return {
        events: page.events,
        nextCursor: encodeCursor(page.next),
        hasMore: page.hasMore,
        ...(page.remember.length > 0 && { remember: page.remember }),
      };
    },

    receiveWebhook() {
      return {
        ok: false,
        status: 422,
        reasonCode: 'webhook.not_supported',
        message: 'Redmine sends no webhooks; the Redmine connector is polled (pull)',
      };
    },

    async push(commands) {
      const results: PushResult[] = [];
      let blocked: Extract<PushResult, { outcome: 'retry' }> | undefined;
      for (const command of commands) {
        if (blocked !== undefined) {
          results.push(notSent(blocked));
          continue;
        }
        const result = await pushOne(command);
        if (result.outcome === 'retry') blocked = result;
        results.push(result);
      }
      return results;
    },

    problems: () => [...problems.values()],

    close: () => transport.close(),
  };
}

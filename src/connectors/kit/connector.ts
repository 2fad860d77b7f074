// The port every PSA/ERP adapter implements. Vendor payloads stay inside the connector's folder: what
// crosses this interface is canonical events (inbound) and canonical commands (outbound).
import type { CanonicalEvent } from '../../contracts/index.ts';
import type { TargetCommand } from './commands.ts';

/** A page of canonical events pulled from a source, with the cursor to resume after it. */
export interface PulledPage {
  readonly events: readonly CanonicalEvent[];
  /** Opaque; persist it and pass it back to resume. `undefined` only when the source returned nothing new. */
  readonly nextCursor: string | undefined;
  readonly hasMore: boolean;
  /**
   * What the source must remember for its next pulls (a vendor without a change log is compared with
   * what was seen before). Saved after the page's events are committed and before the cursor, so a crash
   * re-reads the page and re-derives the same events.
   */
  readonly remember?: readonly MemoryChange[];
}

/** A record as a source last saw it: a fingerprint of the state it reported, and the scope it lives in. */
export interface Remembered {
  readonly fingerprint: string;
  /** Groups records for a sweep (e.g. a project's time entries), so what vanished can be found. */
  readonly scope: string;
}

export type MemoryChange =
  | ({ readonly op: 'set'; readonly kind: string; readonly nativeId: string } & Remembered)
  | { readonly op: 'forget'; readonly kind: string; readonly nativeId: string };

/** Read access to what a source connector remembered; the poller writes `PulledPage.remember`. */
export interface SourceMemory {
  recall(kind: string, nativeIds: readonly string[]): Promise<ReadonlyMap<string, Remembered>>;
  /** Every record remembered in a scope, by native id. */
  recallScope(kind: string, scope: string): Promise<ReadonlyMap<string, Remembered>>;
}

export interface IncomingWebhook {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received, needed for signature verification. */
  readonly rawBody: string;
}

/** A Standard Webhooks delivery's verified webhook-id and webhook-timestamp (unix seconds). */
export interface SignedDelivery {
  readonly id: string;
  readonly timestamp: number;
}

export type WebhookOutcome =
  | {
      readonly ok: true;
      readonly events: readonly CanonicalEvent[];
      /** Set when the signature covers an id and timestamp: the intake refuses a replay of them. */
      readonly delivery?: SignedDelivery;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 401 | 422;
      readonly reasonCode: string;
      readonly message: string;
    };

export interface SourceConnector {
  readonly system: string;
  /** Pulls the next page of changes after `cursor` (undefined = from the beginning). */
  pull(cursor: string | undefined, limit: number): Promise<PulledPage>;
  /** Verifies and parses a webhook delivery. Never throws on bad input. */
  receiveWebhook(webhook: IncomingWebhook): WebhookOutcome;
}

/** Outcome of pushing one command; one per command, in the order given. */
export type PushResult =
  | {
      readonly outcome: 'ok';
      readonly externalId: string;
      /** the target had seen this key before */ readonly replayed: boolean;
    }
  | {
      readonly outcome: 'retry';
      readonly reasonCode: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | { readonly outcome: 'reject'; readonly reasonCode: string; readonly message: string };

export interface TargetConnector {
  readonly system: string;
  /**
   * Pushes commands, each carrying its idempotency key; the target must treat a repeated key as the same
   * command. Never throws for a remote failure: it answers `retry` or `reject` per command.
   */
  push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]>;
}

/** How a target currently holds a customer, in canonical terms, for reconciliation with the master. */
export interface HeldCustomer {
  readonly name: string;
  readonly legalName: string | null;
  readonly billingCurrency: string | null;
  /** Whether the target lets new work be booked for the customer. */
  readonly takesNewWork: boolean;
}

/** A target whose copy of the customer master can be read back (a PSA). */
export interface CustomerReader {
  readonly system: string;
  /** The target's copy, by the target's own id; undefined when it has none. Throws when it cannot tell. */
  readCustomer(externalId: string): Promise<HeldCustomer | undefined>;
}

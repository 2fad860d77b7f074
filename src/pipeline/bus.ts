// The pipeline's own notifications, as a typed map: each name has exactly one payload type.
import type { ObservedCall } from '../connectors/kit/call-observer.ts';
import type { CanonicalEvent } from '../contracts/index.ts';
import type { Decision, DeliveryKind, IngestOutcome } from '../store/port.ts';

/** Outbox rows of one kind that ended a push the same way (telemetry counts them). */
export interface PushedRows {
  readonly kind: DeliveryKind;
  readonly outcome: 'ok' | 'replayed' | 'retry' | 'dead';
  /** Why a row was retried or dead; null when it was accepted. */
  readonly reasonCode: string | null;
  readonly count: number;
}
import type { DataDomain } from '../governance/domains.ts';

export interface PipelineEvents {
  'intake.committed': {
    readonly accepted: number;
    readonly duplicates: number;
    /** The committed events and their outcomes, index for index (the batch's own arrays, not copies). */
    readonly events: readonly { readonly event: CanonicalEvent }[];
    readonly outcomes: readonly IngestOutcome[];
  };
  'events.decided': {
    readonly delivering: number;
    readonly parked: number;
    readonly rejected: number;
    readonly completed: number;
    /** The decisions and, index for index, their events (the batch's own array, not a copy). */
    readonly decisions: readonly Decision[];
    readonly events: readonly { readonly event: CanonicalEvent }[];
  };
  'deliveries.pushed': {
    readonly target: string;
    readonly ok: number;
    readonly replayed: number;
    readonly retried: number;
    readonly dead: number;
    readonly elapsedMs: number;
    /** The rows per kind and outcome. */
    readonly rows: readonly PushedRows[];
    /** Per accepted row, ms from its event's receipt to the target's acceptance. */
    readonly latenciesMs: readonly number[];
    /** The HTTP calls the push made to the target. */
    readonly calls: readonly ObservedCall[];
  };
  'events.confirmed': { readonly count: number };
  'stage.failed': {
    readonly stage: 'intake' | 'processor' | 'deliverer' | 'poller' | 'reconciler';
    readonly error: Error;
  };
  'reconciliation.completed': {
    readonly domain: 'customer';
    readonly ok: boolean;
    readonly customers: number;
    readonly drifted: number;
    readonly missing: number;
  };
  // SLA timers and alert routing (issue 7, alerts): a domain's open work is older than its objective, or
  // no longer; a source's webhook was refused (a bad signature is an authentication failure).
  'sla.breached': SlaChange & { readonly breaching: number; readonly oldestAgeMs: number };
  'sla.recovered': SlaChange;
  'webhook.refused': {
    readonly system: string;
    readonly status: number;
    readonly reasonCode: string;
    readonly message: string;
  };
}

export interface SlaChange {
  readonly domain: DataDomain;
  readonly objective: string;
  readonly objectiveMs: number;
  readonly open: number;
}

type Listener<T> = (payload: T) => void;

export class TypedBus<M extends object> {
  readonly #listeners = new Map<keyof M, Set<Listener<never>>>();

  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof M>(name: K, payload: M[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) (listener as Listener<M[K]>)(payload);
  }
}

export type PipelineBus = TypedBus<PipelineEvents>;

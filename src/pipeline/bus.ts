// The pipeline's own notifications, as a typed map: each name has exactly one payload type.
export interface PipelineEvents {
  'intake.committed': { readonly accepted: number; readonly duplicates: number };
  'events.decided': {
    readonly delivering: number;
    readonly parked: number;
    readonly rejected: number;
    readonly completed: number;
  };
  'deliveries.pushed': {
    readonly target: string;
    readonly ok: number;
    readonly replayed: number;
    readonly retried: number;
    readonly dead: number;
    readonly elapsedMs: number;
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

// Sends the run's pre-built batches to Ledgerline's intake, `inFlight` requests at a time, as fast as
// accepted or at a steady offered rate. A refused batch stops the sending and is reported, not retried.
import { post } from './http.ts';

export interface Batch {
  readonly body: string;
  readonly events: number;
}

export interface Sending {
  /** Resolves with the time (performance.now()) the last batch was accepted; never rejects. */
  readonly ended: Promise<number>;
  accepted(): number;
  /** Why the sending stopped early, if it did. */
  failure(): Error | undefined;
}

/** Bodies are serialised before the clock starts: the figure is Ledgerline's, not the load generator's. */
export function toBatches(events: readonly unknown[], size: number): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < events.length; i += size) {
    const slice = events.slice(i, i + size);
    out.push({ body: JSON.stringify(slice), events: slice.length });
  }
  return out;
}

export function send(
  url: string,
  batches: readonly Batch[],
  options: { readonly inFlight: number; readonly rate: number; readonly started: number },
): Sending {
  let next = 0;
  let accepted = 0;
  let failure: Error | undefined;
  let sentEvents = 0;
  const sender = async () => {
    while (next < batches.length && failure === undefined) {
      const batch = batches[next];
      next += 1;
      if (batch === undefined) break;
      if (options.rate > 0) {
        // A steady offered load: a batch leaves when the events before it are due at `rate` per second.
        const due = options.started + (sentEvents * 1000) / options.rate;
        sentEvents += batch.events;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await post(`${url}/v1/events`, batch.body, 202, 'intake');
      accepted += batch.events;
    }
  };
  const ended = Promise.all(Array.from({ length: options.inFlight }, sender)).then(
    () => performance.now(),
    (error: unknown) => {
      failure = error instanceof Error ? error : new Error(String(error));
      return performance.now();
    },
  );
  return { ended, accepted: () => accepted, failure: () => failure };
}

// A background loop that runs `step` while it reports work, sleeps when idle, and wakes early when told.
// One failing step never stops the loop: it is reported and retried after a pause.
export type StepResult = { readonly busy: true } | { readonly busy: false; readonly sleepMs: number };

export class WorkLoop {
  readonly #step: () => Promise<StepResult>;
  readonly #onError: (error: Error) => void;
  #running = false;
  #wakeUp: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #done: Promise<void> | undefined;
  #woken = false;

  constructor(step: () => Promise<StepResult>, onError: (error: Error) => void) {
    this.#step = step;
    this.#onError = onError;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#run();
  }

  /** Runs the step soon, even if the loop is sleeping. */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#done;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let result: StepResult;
      try {
        result = await this.#step();
      } catch (error) {
        this.#onError(error instanceof Error ? error : new Error(String(error)));
        result = { busy: false, sleepMs: 500 };
      }
      if (result.busy || this.#woken || !this.#running) {
        // A synchronous store answers with settled promises: without this, a loop with work would never let
        // timers and sockets run (the HTTP API, the other loops).
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wakeUp = resolve;
        this.#timer = setTimeout(resolve, result.sleepMs);
      });
      clearTimeout(this.#timer);
      this.#wakeUp = undefined;
    }
  }
}

// A vendor's documented request quota, kept on our side so a connector waits before the vendor has to
// answer 429: Xero allows 60 calls a minute and 5,000 a day per tenant, Harvest 100 requests per 15
// seconds. Each window is sliding; `take` either spends one call in every window or says how long to wait.

export interface QuotaWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export class CallBudget {
  readonly #windows: readonly QuotaWindow[];
  readonly #calls: number[] = [];
  readonly #now: () => number;

  constructor(windows: readonly QuotaWindow[], now: () => number = Date.now) {
    for (const w of windows)
      if (!Number.isInteger(w.limit) || w.limit < 1 || w.windowMs < 1)
        throw new RangeError('bad quota window');
    this.#windows = windows;
    this.#now = now;
  }

  /** Spends a call and answers 0, or answers the milliseconds until one is free (nothing spent). */
  take(): number {
    const now = this.#now();
    const longest = Math.max(0, ...this.#windows.map((w) => w.windowMs));
    while (this.#calls.length > 0 && (this.#calls[0] ?? now) <= now - longest) this.#calls.shift();
    let wait = 0;
    for (const w of this.#windows) {
      const inWindow = this.#calls.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.limit) {
        const oldest = inWindow[inWindow.length - w.limit] ?? now;
        wait = Math.max(wait, oldest + w.windowMs - now);
      }
    }
    if (wait > 0) return wait;
    this.#calls.push(now);
    return 0;
  }
}

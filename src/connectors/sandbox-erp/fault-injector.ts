// Decides, request by request, which configured fault strikes. Whole-request faults (429, 5xx) are
// decided before anything is applied, so such an answer always means nothing was applied.
import type { FaultConfig, ServerErrorStatus } from './fault-config.ts';
import { createPrng, type Prng } from '../sandbox-kit/prng.ts';

export type RequestFault =
  | { readonly kind: 'rateLimited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'serverError'; readonly status: ServerErrorStatus };

const DEFAULT_SEED = 1;

export class FaultInjector {
  private config: FaultConfig = {};
  private requestsSinceSet = 0;
  private serverErrorsLeft = 0;
  private failAfterApplyLeft = 0;
  private rng: Prng = createPrng(DEFAULT_SEED);

  /** Replaces every fault setting; `{}` switches all faults off. */
  set(config: FaultConfig): void {
    this.config = config;
    this.requestsSinceSet = 0;
    this.serverErrorsLeft = config.serverErrors?.next ?? 0;
    this.failAfterApplyLeft = config.failAfterApply?.next ?? 0;
    this.rng = createPrng(config.seed ?? DEFAULT_SEED);
  }

  /** The settings with the counters that remain. */
  current(): FaultConfig {
    const { serverErrors, failAfterApply, ...rest } = this.config;
    return {
      ...rest,
      ...(serverErrors ? { serverErrors: { ...serverErrors, next: this.serverErrorsLeft } } : {}),
      ...(failAfterApply ? { failAfterApply: { next: this.failAfterApplyLeft } } : {}),
    };
  }

  get latencyMs(): number {
    return this.config.latencyMs ?? 0;
  }

  /** Called once per ERP request before it is processed. */
  beforeRequest(): RequestFault | undefined {
    this.requestsSinceSet++;
    const { rateLimit, serverErrors, serverErrorRate } = this.config;
    if (rateLimit && this.requestsSinceSet % rateLimit.every === 0)
      return { kind: 'rateLimited', retryAfterSeconds: rateLimit.retryAfterSeconds };
    if (this.serverErrorsLeft > 0) {
      this.serverErrorsLeft--;
      return { kind: 'serverError', status: serverErrors?.status ?? 503 };
    }
    if (serverErrorRate !== undefined && serverErrorRate > 0 && this.rng.next() < serverErrorRate)
      return { kind: 'serverError', status: 503 };
    return undefined;
  }

  /** Called after a write was applied: true when its response must be lost. */
  takeFailAfterApply(): boolean {
    if (this.failAfterApplyLeft <= 0) return false;
    this.failAfterApplyLeft--;
    return true;
  }
}

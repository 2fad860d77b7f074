// Switchable misbehaviour, the kind real PSAs show in production: duplicated and late webhooks, failing
// pulls, rate-limited and failing writes, answers lost after a write was applied, slow responses.
// Settings merge into the current ones; a `seed` makes the random draws replay.
import { randomInt } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { createPrng, type Prng } from '../../sandbox-kit/prng.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkInput } from './check-input.ts';

export const FaultSettingsInput = Type.Object(
  {
    /** Probability (0..1) that a delivery is sent twice with the same webhook-id. */
    duplicateWebhooks: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** Wait before every webhook delivery attempt. */
    webhookDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    /** The next N activity GETs answer 503 with Retry-After: 1. */
    failPulls: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** The next N writes answer 429 with Retry-After: `writeRetryAfterSeconds`; nothing is applied. */
    throttleWrites: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    writeRetryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    /** The next N writes answer 503 without Retry-After; nothing is applied. */
    failWrites: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** The next N writes are applied, then answered 502: only the idempotency key makes a resend safe. */
    loseWriteAnswers: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** Added before every /api response. */
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  },
  { additionalProperties: false },
);
export type FaultSettingsInput = Static<typeof FaultSettingsInput>;

export interface FaultSettings {
  readonly duplicateWebhooks: number;
  readonly webhookDelayMs: number;
  readonly failPulls: number;
  readonly throttleWrites: number;
  readonly writeRetryAfterSeconds: number;
  readonly failWrites: number;
  readonly loseWriteAnswers: number;
  readonly latencyMs: number;
  readonly seed: number;
}

/** How a write is struck before anything is applied. */
export type WriteFault =
  { readonly kind: 'throttled'; readonly retryAfterSeconds: number } | { readonly kind: 'failed' };

const checkFaults = compileChecker(FaultSettingsInput);

export class FaultInjector {
  private current: FaultSettings;
  private rng: Prng;

  constructor() {
    const seed = randomInt(2 ** 31);
    this.current = {
      duplicateWebhooks: 0,
      webhookDelayMs: 0,
      failPulls: 0,
      throttleWrites: 0,
      writeRetryAfterSeconds: 1,
      failWrites: 0,
      loseWriteAnswers: 0,
      latencyMs: 0,
      seed,
    };
    this.rng = createPrng(seed);
  }

  get settings(): FaultSettings {
    return this.current;
  }

  /** Read by the webhook dispatcher before every delivery attempt. */
  get webhookDelayMs(): number {
    return this.current.webhookDelayMs;
  }

  update(body: unknown): FaultSettings {
    const input = checkInput(checkFaults, body, 'fault settings');
    this.current = { ...this.current, ...input };
    if (input.seed !== undefined) this.rng = createPrng(input.seed);
    return this.current;
  }

  /** Consumes one injected pull failure, if any is left. */
  takePullFailure(): boolean {
    if (this.current.failPulls <= 0) return false;
    this.current = { ...this.current, failPulls: this.current.failPulls - 1 };
    return true;
  }

  /** Consumes one throttled or failed write, throttling first, if any is left. */
  takeWriteFault(): WriteFault | undefined {
    if (this.current.throttleWrites > 0) {
      this.current = { ...this.current, throttleWrites: this.current.throttleWrites - 1 };
      return { kind: 'throttled', retryAfterSeconds: this.current.writeRetryAfterSeconds };
    }
    if (this.current.failWrites > 0) {
      this.current = { ...this.current, failWrites: this.current.failWrites - 1 };
      return { kind: 'failed' };
    }
    return undefined;
  }

  /** Consumes one lost answer, if any is left; asked only after a write was applied. */
  takeLostAnswer(): boolean {
    if (this.current.loseWriteAnswers <= 0) return false;
    this.current = { ...this.current, loseWriteAnswers: this.current.loseWriteAnswers - 1 };
    return true;
  }

  /** Drawn once per delivery, in dispatch order, so a seeded run duplicates the same deliveries. */
  drawDuplicate(): boolean {
    return this.current.duplicateWebhooks > 0 && this.rng.chance(this.current.duplicateWebhooks);
  }
}

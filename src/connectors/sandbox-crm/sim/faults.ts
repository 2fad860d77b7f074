// Switchable misbehaviour, the kind real CRMs show in production: rate limits, server errors, slow
// answers and webhooks delivered twice. Setting faults replaces every setting (`{}` switches them off);
// counters start again and a `seed` makes the random draws replay.
import { Type, type Static } from '@sinclair/typebox';
import { createPrng, type Prng } from '../../sandbox-kit/prng.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkInput } from './check-input.ts';

const strict = { additionalProperties: false } as const;
const seconds = Type.Integer({ minimum: 0, maximum: 86_400 });

export const FaultSettings = Type.Object(
  {
    /** Every Nth CRM API request (counted from when faults were set) answers 429 with Retry-After. */
    rateLimit: Type.Optional(
      Type.Object(
        { every: Type.Integer({ minimum: 1, maximum: 1_000_000 }), retryAfterSeconds: seconds },
        strict,
      ),
    ),
    /** The next N CRM API requests answer a server error (503 unless `status` says otherwise). */
    serverErrors: Type.Optional(
      Type.Object(
        {
          next: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
          status: Type.Optional(Type.Union([500, 502, 503, 504].map((s) => Type.Literal(s)))),
          /** Sent as Retry-After when set. */
          retryAfterSeconds: Type.Optional(seconds),
        },
        strict,
      ),
    ),
    /** Added before every CRM API response. */
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    /** Probability (0..1) that a webhook delivery is sent twice with the same webhook-id. */
    duplicateWebhooks: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  },
  strict,
);
export type FaultSettings = Static<typeof FaultSettings>;

export type RequestFault =
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | {
      readonly kind: 'server_error';
      readonly status: number;
      readonly retryAfterSeconds: number | undefined;
    };

const DEFAULT_SEED = 1;
const checkFaults = compileChecker(FaultSettings);

export class FaultInjector {
  private settings: FaultSettings = {};
  private requestsSinceSet = 0;
  private serverErrorsLeft = 0;
  private rng: Prng = createPrng(DEFAULT_SEED);

  /** Validates and replaces every setting; throws SandboxCrmError (400) naming a bad one. */
  set(body: unknown): FaultSettings {
    const settings = checkInput(checkFaults, body, 'fault settings');
    this.settings = settings;
    this.requestsSinceSet = 0;
    this.serverErrorsLeft = settings.serverErrors?.next ?? 0;
    this.rng = createPrng(settings.seed ?? DEFAULT_SEED);
    return this.current();
  }

  /** The settings with the server errors still to come. */
  current(): FaultSettings {
    const { serverErrors, ...rest } = this.settings;
    return serverErrors ? { ...rest, serverErrors: { ...serverErrors, next: this.serverErrorsLeft } } : rest;
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** Called once per CRM API request, before it is answered. */
  beforeApiRequest(): RequestFault | undefined {
    this.requestsSinceSet += 1;
    const { rateLimit, serverErrors } = this.settings;
    if (rateLimit && this.requestsSinceSet % rateLimit.every === 0)
      return { kind: 'rate_limited', retryAfterSeconds: rateLimit.retryAfterSeconds };
    if (this.serverErrorsLeft > 0) {
      this.serverErrorsLeft -= 1;
      return {
        kind: 'server_error',
        status: serverErrors?.status ?? 503,
        retryAfterSeconds: serverErrors?.retryAfterSeconds,
      };
    }
    return undefined;
  }

  /** Drawn once per delivery, in dispatch order, so a seeded run duplicates the same deliveries. */
  drawDuplicate(): boolean {
    const p = this.settings.duplicateWebhooks ?? 0;
    return p > 0 && this.rng.chance(p);
  }
}

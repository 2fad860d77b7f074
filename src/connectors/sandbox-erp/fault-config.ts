// The switchable faults an operator or a test sets on the sandbox ERP, and their validation.
import type { Checked } from './checked.ts';

export type ServerErrorStatus = 500 | 502 | 503 | 504;

export interface FaultConfig {
  /** Every Nth ERP request (counted from when the faults were set) answers 429 with Retry-After. */
  readonly rateLimit?: { readonly every: number; readonly retryAfterSeconds: number };
  /** The next N ERP requests answer a server error (503 unless `status` says otherwise). */
  readonly serverErrors?: { readonly next: number; readonly status?: ServerErrorStatus };
  /** Probability (0..1) that an ERP request answers 503; drawn from a PRNG seeded by `seed`. */
  readonly serverErrorRate?: number;
  readonly seed?: number;
  /** Processing delay added to every ERP request. */
  readonly latencyMs?: number;
  /** The next N writes are applied and then answered 502: the response is lost, the work is not. */
  readonly failAfterApply?: { readonly next: number };
}

class InvalidFault extends Error {}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidFault(`${path} must be a JSON object`);
  return value as Record<string, unknown>;
}

function onlyKnown(record: Record<string, unknown>, known: readonly string[], path: string): void {
  for (const key of Object.keys(record))
    if (!known.includes(key)) throw new InvalidFault(`${path}.${key} is not a known fault setting`);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidFault(`${path} must be an integer from ${min} to ${max}`);
  return value;
}

function parse(body: unknown): FaultConfig {
  const root = object(body, 'faults');
  onlyKnown(
    root,
    ['rateLimit', 'serverErrors', 'serverErrorRate', 'seed', 'latencyMs', 'failAfterApply'],
    'faults',
  );
  let config: FaultConfig = {};
  if (root['rateLimit'] !== undefined) {
    const r = object(root['rateLimit'], 'rateLimit');
    onlyKnown(r, ['every', 'retryAfterSeconds'], 'rateLimit');
    config = {
      ...config,
      rateLimit: {
        every: integer(r['every'], 'rateLimit.every', 1, 1_000_000),
        retryAfterSeconds: integer(r['retryAfterSeconds'], 'rateLimit.retryAfterSeconds', 0, 86_400),
      },
    };
  }
  if (root['serverErrors'] !== undefined) {
    const s = object(root['serverErrors'], 'serverErrors');
    onlyKnown(s, ['next', 'status'], 'serverErrors');
    const next = integer(s['next'], 'serverErrors.next', 0, 1_000_000);
    const status = s['status'];
    if (status !== undefined && status !== 500 && status !== 502 && status !== 503 && status !== 504)
      throw new InvalidFault('serverErrors.status must be 500, 502, 503 or 504');
    config = { ...config, serverErrors: status === undefined ? { next } : { next, status } };
  }
  const rate = root['serverErrorRate'];
  if (rate !== undefined) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      throw new InvalidFault('serverErrorRate must be a number from 0 to 1');
    config = { ...config, serverErrorRate: rate };
  }
  if (root['seed'] !== undefined) config = { ...config, seed: integer(root['seed'], 'seed', 0, 2 ** 32 - 1) };
  if (root['latencyMs'] !== undefined)
    config = { ...config, latencyMs: integer(root['latencyMs'], 'latencyMs', 0, 120_000) };
  if (root['failAfterApply'] !== undefined) {
    const f = object(root['failAfterApply'], 'failAfterApply');
    onlyKnown(f, ['next'], 'failAfterApply');
    config = { ...config, failAfterApply: { next: integer(f['next'], 'failAfterApply.next', 0, 1_000_000) } };
  }
  return config;
}

export function parseFaultConfig(body: unknown): Checked<FaultConfig> {
  try {
    return { ok: true, value: parse(body) };
  } catch (e) {
    if (e instanceof InvalidFault)
      return { ok: false, error: { code: 'invalid_faults', message: e.message } };
    throw e;
  }
}

// Masking sensitive fields for principals that may not see them (issue 8). One place for every route that
// returns payloads: events by their type's marked paths, schema-less JSON (outbox commands, dead-letter
// details) by the property names the contracts always mark. Who may see what is `maySeeSensitive`.
import { sensitiveFieldNames, sensitivePathsByEventType, type SensitivePath } from '../../contracts/index.ts';
import { maySeeSensitive, type Principal } from '../principal.ts';
import { rewriteAt } from '../field-protection/json-paths.ts';

/** What a masked value reads as: which kind of protection hid it, never a hint of the value. */
export function maskedAs(sensitivity: SensitivePath['sensitivity']): string {
  return `[masked: ${sensitivity}]`;
}

export interface Masker {
  /** A CloudEvent (or anything with `type` and `data`) with its marked fields masked. */
  event<E>(event: E): E;
  /** An event type's `data` alone. */
  data(type: string, data: unknown): unknown;
  /** JSON of no known schema: properties named like an always-marked field are masked. */
  json(value: unknown): unknown;
}

const names = new Set(sensitiveFieldNames);

function masked(paths: readonly SensitivePath[] | undefined, document: unknown, prefix: number): unknown {
  if (paths === undefined || document === null || typeof document !== 'object') return document;
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  for (const p of paths)
    rewriteAt(copy, p.path.slice(prefix), (value) =>
      value === undefined ? undefined : maskedAs(p.sensitivity),
    );
  return copy;
}

function maskByName(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (names.has(key)) record[key] = '[masked]';
        else walk(record[key]);
      }
    }
  };
  walk(copy);
  return copy;
}

const visible: Masker = { event: (e) => e, data: (_t, d) => d, json: (v) => v };

const hiding: Masker = {
  event<E>(event: E): E {
    const type = (event as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? (masked(sensitivePathsByEventType.get(type), event, 0) as E) : event;
  },
  data: (type, data) => masked(sensitivePathsByEventType.get(type), data, 1),
  json: maskByName,
};

/** The masker for a caller: nothing hidden from one who may see sensitive fields (or with auth off). */
export function maskerFor(principal: Principal | undefined): Masker {
  return maySeeSensitive(principal) ? visible : hiding;
}

// Payload retention (issue 8): raw payloads of finished events older than the domain's retention are
// purged. The envelope stays (id, source, subject, type, time: lineage, audit and postings keep their
// references) and its `data` becomes a digest of what was there, so a copy kept elsewhere can still be
// matched to it. Deliveries (the postings) and the audit log are kept whole.
import { createHash } from 'node:crypto';
import { eventCatalog, eventNames } from '../../contracts/index.ts';
import type { RetentionConfig } from '../../config/protection-schema.ts';
import { canonicalJson, type JsonValue } from '../../contracts/export/json.ts';
import { domainOfEventType } from '../../governance/domain-of.ts';
import type { DataDomain } from '../../governance/domains.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { ProtectionPort } from '../../store/protection-port.ts';

const dayMs = 86_400_000;

/** What stands in for a purged payload. */
export interface PurgedData {
  readonly $purged: {
    /** SHA-256 of the payload's canonical JSON (keys sorted), hex. */
    readonly sha256: string;
    /** ISO 8601 instant of the purge. */
    readonly at: string;
  };
}

export function isPurged(data: unknown): data is PurgedData {
  return data !== null && typeof data === 'object' && '$purged' in data;
}

export function payloadDigest(data: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(data as JsonValue))
    .digest('hex');
}

interface Plan {
  readonly domain: DataDomain | 'other';
  readonly types: readonly string[];
  readonly days: number;
}

/** Event types grouped by how long their domain keeps payloads. */
export function retentionPlans(config: RetentionConfig): Plan[] {
  const byDomain = new Map<DataDomain | 'other', string[]>();
  for (const name of eventNames) {
    const type = eventCatalog[name].type;
    const domain = domainOfEventType(type) ?? 'other';
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), type]);
  }
  const perDomain = (config.perDomain ?? {}) as Partial<Record<string, number>>;
  return [...byDomain].map(([domain, types]) => ({
    domain,
    types,
    days: perDomain[domain] ?? config.rawPayloadDays,
  }));
}

export interface RetentionResult {
  readonly purged: number;
  readonly perDomain: Readonly<Record<string, number>>;
  /** SHA-256 over the purged events' `seq:digest` lines, in order: one digest of the whole run. */
  readonly digest: string;
  readonly dryRun: boolean;
}

export async function purgePayloads(
  store: ProtectionPort,
  sealer: FieldSealer,
  config: RetentionConfig,
  options: { readonly now?: number; readonly dryRun?: boolean; readonly batch?: number } = {},
): Promise<RetentionResult> {
  const now = options.now ?? Date.now();
  const batch = options.batch ?? 500;
  const at = new Date(now).toISOString();
  const perDomain: Record<string, number> = {};
  const run = createHash('sha256');
  let purged = 0;
  for (const plan of retentionPlans(config)) {
    let afterSeq = 0;
    for (;;) {
      const page = await store.purgeCandidates(plan.types, now - plan.days * dayMs, afterSeq, batch);
      if (page.length === 0) break;
      afterSeq = page[page.length - 1]?.seq ?? afterSeq;
      const changes = page.flatMap((c) => {
        const event = sealer.openEvent(c.envelope);
        if (isPurged(event.data)) return [];
        const sha256 = payloadDigest(event.data);
        run.update(`${String(c.seq)}:${sha256}\n`);
        const data: PurgedData = { $purged: { sha256, at } };
        const envelope = JSON.stringify({ ...event, data });
        return [{ seq: c.seq, from: c.envelope, envelope }];
      });
      const done = options.dryRun === true ? changes.length : await store.markPurged(changes, now);
      purged += done;
      perDomain[plan.domain] = (perDomain[plan.domain] ?? 0) + done;
      if (page.length < batch) break;
    }
  }
  return { purged, perDomain, digest: run.digest('hex'), dryRun: options.dryRun === true };
}

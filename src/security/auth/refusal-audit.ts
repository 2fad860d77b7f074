// Refusals go to the audit log, but anyone can send requests: unbounded, a flood of refusals would grow
// the chain (and take its lock) as fast as an attacker likes. So at most `perMinute` entries a minute per
// process are written; the rest are counted, and the next entry written carries that count
// (`suppressedBefore`). Every refusal is still logged.
import type { Store } from '../../store/port.ts';
import { auditEntry } from '../../audit/record.ts';

export interface RefusalRecord {
  readonly actor: string;
  /** `route:<METHOD> <url pattern>`. */
  readonly subject: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export function refusalAuditor(
  store: Pick<Store, 'appendAudit'>,
  perMinute: number,
  now: () => number = Date.now,
) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let suppressed = 0;
  return async (record: RefusalRecord): Promise<void> => {
    const at = now();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      written = 0;
    }
    if (written >= perMinute) {
      suppressed += 1;
      return;
    }
    written += 1;
    const detail = suppressed > 0 ? { ...record.detail, suppressedBefore: suppressed } : record.detail;
    suppressed = 0;
    await store.appendAudit([
      auditEntry(record.actor, 'access.refused', record.subject, detail, new Date(at)),
    ]);
  };
}

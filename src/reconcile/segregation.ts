// Segregation of duties for period close (issue 8): whoever ran a period's corrections
// (`reconcile --period P --repair`) may not also sign that period off. The repair runs are read back from
// the audit log, where each is recorded as `period.repaired` on `period:<P>` by its actor; a repair of
// one entity blocks sign-offs of that entity and of the whole period, a whole-period repair blocks all.
import type { Store } from '../store/port.ts';
import { auditEntry } from '../audit/record.ts';
import type { RepairOutcome } from './repair.ts';

const pageSize = 1_000;

export function repairRecorded(
  actor: string,
  period: string,
  entity: string | undefined,
  outcome: RepairOutcome,
) {
  return auditEntry(actor, 'period.repaired', `period:${period}`, {
    entity: entity ?? null,
    queued: outcome.queued.length,
    waiting: outcome.waiting.length,
    notReceived: outcome.notReceived.length,
  });
}

/** The actors who ran corrections overlapping this scope, oldest first. Reads the whole audit log in pages:
 * sign-offs are rare, and the log has one entry per batch, not per event. */
export async function correctorsOf(
  store: Pick<Store, 'listAudit'>,
  period: string,
  entity: string | undefined,
): Promise<string[]> {
  const actors = new Set<string>();
  for (let after = 0; ;) {
    const page = await store.listAudit(after, pageSize);
    for (const e of page) {
      if (e.action !== 'period.repaired' || e.subject !== `period:${period}`) continue;
      const repaired = entityOf(e.detail);
      if (entity === undefined || repaired === null || repaired === entity) actors.add(e.actor);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) break;
    after = last.seq;
  }
  return [...actors];
}

function entityOf(detail: string): string | null {
  try {
    const parsed = JSON.parse(detail) as { entity?: unknown };
    return typeof parsed.entity === 'string' ? parsed.entity : null;
  } catch {
    // An entry that no longer parses (edited) is taken as the whole period: the stricter reading.
    return null;
  }
}

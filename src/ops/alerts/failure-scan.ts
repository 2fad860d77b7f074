// The periodic evaluation of failures recorded in the store, run by one process at a time (under the
// ops lease): new dead letters since a cursor become alerts by their reason's failure domain; deliveries
// retried because a target refused the key are an authentication alert while they last; and firing
// alerts whose condition cleared are resolved, which sends the recovery notice.
import type { Store } from '../../store/port.ts';
import type { DeadLetter } from '../../store/port.ts';
import type { StoredAlert } from '../../store/ops-port.ts';
import type { SlaDomainStatus } from '../sla/sla-monitor.ts';
import type { AlertRouter } from './alert-router.ts';
import { deadLetterKey, keyKind, retryingKey, slaKey } from './condition-keys.ts';
import { failureDomainOf, type FailureDomain } from './failure-domain.ts';

const cursorName = 'alerts:dead-letters';
const batch = 500;
/** Batches read per evaluation: a backlog of dead letters is caught up over a few runs, not one. */
const maxBatches = 20;

const domainTitle: Readonly<Record<FailureDomain, string>> = {
  authentication: 'a target or source refused our credentials',
  mapping: 'records that do not map or validate',
  'master-data': 'master data missing or in conflict',
  governance: 'governance conflict',
  sla: 'SLA breach',
};

export interface ScanInput {
  readonly store: Store;
  readonly router: AlertRouter;
  readonly quietPeriodMs: number;
  readonly sla: readonly SlaDomainStatus[];
  readonly now: number;
}

export async function scanFailures(input: ScanInput): Promise<void> {
  await raiseNewDeadLetters(input);
  await raiseRetryingAuthentication(input);
  await raiseSlaBreaches(input);
  await resolveCleared(input, await input.router.firing());
}

async function raiseNewDeadLetters({ store, router, now }: ScanInput): Promise<void> {
  let cursor = Number((await store.getCursor(cursorName)) ?? '0');
  for (let i = 0; i < maxBatches; i += 1) {
    const letters = await store.deadLettersAfter(cursor, batch);
    if (letters.length === 0) return;
    // Only what is still open: one retried or resolved before this run needs nobody.
    const byReason = new Map<string, DeadLetter[]>();
    for (const letter of letters.filter((l) => l.state === 'open'))
      byReason.set(letter.reasonCode, [...(byReason.get(letter.reasonCode) ?? []), letter]);
    for (const [reasonCode, group] of byReason) {
      const latest = group[group.length - 1];
      if (!latest) continue;
      const domain = failureDomainOf(reasonCode);
      await router.raise({
        key: deadLetterKey(reasonCode),
        domain,
        title: `${reasonCode}: ${domainTitle[domain]}`,
        detail: `Dead letter #${latest.id} (${latest.eventType} ${latest.subject}): ${latest.message}`,
        occurrences: group.length,
        at: now,
      });
    }
    cursor = letters[letters.length - 1]?.id ?? cursor;
    await store.setCursor(cursorName, String(cursor));
    if (letters.length < batch) return;
  }
}

async function raiseRetryingAuthentication({ store, router, now }: ScanInput): Promise<void> {
  const firing = new Set((await router.firing()).map((a) => a.key));
  for (const r of await store.retryingDeliveries()) {
    if (failureDomainOf(r.reasonCode) !== 'authentication') continue;
    const key = retryingKey(r.target, r.reasonCode);
    // Still the same condition: counting it again every run would make the count meaningless.
    if (firing.has(key)) continue;
    await router.raise({
      key,
      domain: 'authentication',
      title: `${r.target} refuses our credentials (${r.reasonCode})`,
      detail: `${r.count} deliveries to ${r.target} are being retried because it answered ${r.reasonCode}; check the key or password configured for ${r.target}.`,
      at: now,
    });
  }
}

async function raiseSlaBreaches({ router, sla, now }: ScanInput): Promise<void> {
  const breached = sla.filter((s) => s.status === 'breached');
  if (breached.length === 0) return;
  // A breach that lasts is one alert with one occurrence, not one more per evaluation.
  const firing = new Set((await router.firing()).map((a) => a.key));
  for (const d of breached.filter((s) => !firing.has(slaKey(s.domain))))
    await router.raise({
      key: slaKey(d.domain),
      domain: 'sla',
      dataDomain: d.domain,
      title: `${d.domain} not completed within ${d.objective}`,
      detail: `${d.breaching} of ${d.open} open ${d.domain} item(s) were received more than ${d.objective} ago; the oldest ${Math.round((d.oldestAgeMs ?? 0) / 1000)} s ago.`,
      at: now,
    });
}

async function resolveCleared(input: ScanInput, firing: readonly StoredAlert[]): Promise<void> {
  const { store, router, now, quietPeriodMs, sla } = input;
  const deadLetterCodes = firing.map((a) => keyKind(a.key)).filter((k) => k.kind === 'dead-letter');
  const open = await store.openDeadLettersByReason(deadLetterCodes.map((k) => k.rest));
  const retrying = new Set(
    (await store.retryingDeliveries()).map((r) => retryingKey(r.target, r.reasonCode)),
  );
  const breached = new Set(sla.filter((d) => d.status === 'breached').map((d) => slaKey(d.domain)));
  for (const alert of firing) {
    const { kind, rest } = keyKind(alert.key);
    const cleared =
      (kind === 'dead-letter' && (open.get(rest) ?? 0) === 0) ||
      (kind === 'retrying' && !retrying.has(alert.key)) ||
      (kind === 'signal' && alert.lastAt < now - quietPeriodMs) ||
      (kind === 'sla' && !breached.has(alert.key));
    if (cleared) await router.resolve(alert.key, now);
  }
}

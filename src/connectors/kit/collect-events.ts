// A page of mapped vendor records into the events that leave: skipped records reported, ignored ones
// (not Ledgerline's business yet) dropped, every event checked against the canonical contract.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { checkCanonical } from './check-canonical.ts';

export type MappedRecord =
  { readonly event: CanonicalEvent } | { readonly skipped: string } | { readonly ignored: string };

export function collectEvents(
  mapped: readonly MappedRecord[],
  onSkipped: (message: string) => void,
): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const m of mapped) {
    if ('ignored' in m) continue;
    if ('skipped' in m) {
      onSkipped(m.skipped);
      continue;
    }
    const checked = checkCanonical(m.event, m.event.subject ?? m.event.id);
    if (!checked.ok) onSkipped(checked.message);
    else if (checked.event) events.push(checked.event);
  }
  return events;
}

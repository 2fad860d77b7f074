// A connector's last step before an event leaves: the canonical contract, so a vendor record that maps to
// an invalid event is refused naming the record, never passed on.
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';

export type Checked =
  | { readonly ok: true; readonly event: CanonicalEvent | undefined }
  | { readonly ok: false; readonly message: string };

/** `event` is what `recordId` maps to; undefined (a record that yields no event) passes. */
export function checkCanonical(event: CanonicalEvent | undefined, recordId: string): Checked {
  if (event === undefined) return { ok: true, event };
  const result = validateEvent(event);
  if (result.ok) return { ok: true, event: result.event };
  const fields = result.errors.map((e) => `${e.pointer} ${e.message}`).join('; ');
  return { ok: false, message: `${recordId} maps to an invalid canonical event: ${fields}` };
}

// Xero keeps Idempotency-Key replays only for a while, so the key is also written into the record (a
// line's description, a journal's narration) with the kit's record marker and looked up before anything
// is created.
import { keyOf } from '../kit/record-marker.ts';

export { keyOf, marker } from '../kit/record-marker.ts';

/** The time entry a billable line bills, from its key (`<time entry id>/billable-line`). */
export function timeEntryOf(text: string): string | undefined {
  const key = keyOf(text);
  return key?.endsWith('/billable-line') === true ? key.slice(0, -'/billable-line'.length) : undefined;
}

/** Xero's where filter on one field (its double quotes escaped). */
export function whereEquals(field: string, value: string): string {
  return `${field}=="${value.replace(/"/g, '\\"')}"`;
}

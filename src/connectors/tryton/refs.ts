// Tryton has no idempotency keys, so the connector finds its own records again by deterministic
// references it writes itself:
// - a project work's `comment` starts with `[ledgerline <canonical project id>]`;
// - a rate task's `comment` is `[ledgerline rate <rate>]`, the non-billable task's `[ledgerline non-billable]`;
// - a timesheet line's `uuid` (unique in Tryton) is the canonical time entry id, and its description
//   starts with `[<time entry id>]` so a person (and `pull`, for lines entered by hand) sees the link;
//   a line booked on another date than the work date (its period was closed) says `[worked <date>]` next.

const PROJECT = /^\[ledgerline ([^\]\s]+)\]/;
const ENTRY = /^\[([a-z][a-z-]*:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+)\]/;

export const projectMarker = (projectId: string) => `[ledgerline ${projectId}]`;

/** The canonical project id a work's comment names, if any. */
export function projectIdOfComment(comment: string | null): string | undefined {
  return comment === null ? undefined : PROJECT.exec(comment)?.[1];
}

/** `rate` is a normalized decimal string (codec.normalizeDecimal); undefined is the non-billable task. */
export const taskMarker = (rate: string | undefined) =>
  rate === undefined ? '[ledgerline non-billable]' : `[ledgerline rate ${rate}]`;

const TASK = /^\[ledgerline (?:rate ([0-9]+(?:\.[0-9]+)?)|non-billable)\]$/;

/** The rate a task's comment marks (undefined: the non-billable task); not ok for other works. */
export function rateOfTaskMarker(
  comment: string | null,
): { readonly ok: true; readonly rate: string | undefined } | { readonly ok: false } {
  const match = comment === null ? null : TASK.exec(comment);
  return match ? { ok: true, rate: match[1] } : { ok: false };
}

export const taskName = (rate: string | undefined, currency: string) =>
  rate === undefined ? 'Non-billable time' : `Time at ${rate} ${currency}/h`;

/** `workedOn`: the work date, when the line is dated otherwise (booked in a later open period). */
export function lineDescription(timeEntryId: string, text: string | undefined, workedOn?: string): string {
  const head = workedOn === undefined ? `[${timeEntryId}]` : `[${timeEntryId}] [worked ${workedOn}]`;
  return text === undefined || text === '' ? head : `${head} ${text}`;
}

/** The time entry a timesheet line books: its uuid when Ledgerline wrote it, else the description prefix. */
export function timeEntryIdOfLine(line: {
  uuid: string | null;
  description: string | null;
}): string | undefined {
  if (line.uuid !== null && ENTRY.test(`[${line.uuid}]`)) return line.uuid;
  return line.description === null ? undefined : ENTRY.exec(line.description)?.[1];
}

/** Works and lines are addressed by their Tryton id as a decimal string. */
export function parseWorkId(externalId: string): number | undefined {
  return /^[1-9][0-9]{0,15}$/.test(externalId) ? Number(externalId) : undefined;
}

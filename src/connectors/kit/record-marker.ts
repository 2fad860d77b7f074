// How a vendor record names the Ledgerline command that made it, for vendors without lasting idempotency
// keys: the key is written into the record (a line's description, a note, a narration) and looked up
// before anything is created, so a resend days later still books nothing twice.

export function marker(idempotencyKey: string): string {
  return `[ll:${idempotencyKey}]`;
}

const MARKER = /\[ll:([^\]]+)\]/;

export function keyOf(text: string): string | undefined {
  return MARKER.exec(text)?.[1];
}

// The PSA numbers what it creates after the highest number it already knows, so a created record never
// takes an id a seeded one holds (seeded projects name clients that have no client record).
import type { PsaStore } from '../store.ts';

function highest(ids: Iterable<string>, prefix: string): number {
  let max = 0;
  for (const id of ids) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isSafeInteger(n) && n > max) max = n;
  }
  return max;
}

export function nextClientId(store: PsaStore): string {
  const referenced = [...store.projects.values()].map((p) => p.client_id);
  return `C-${Math.max(highest(store.clients.keys(), 'C-'), highest(referenced, 'C-')) + 1}`;
}

export function nextProjectId(store: PsaStore): string {
  return `P-${highest(store.projects.keys(), 'P-') + 1}`;
}

export function nextInvoiceId(store: PsaStore): string {
  return `PI-${store.invoices.size + 1}`;
}

export function nextPaymentId(store: PsaStore): string {
  return `PP-${store.payments.size + 1}`;
}

// A value in force from a date until the next one: the shape every dated reference book shares.

export interface Dated {
  readonly effectiveFrom: string;
}

/** The entry in force on `date` (the latest starting on or before it); plain dates compare as strings. */
export function inForceOn<T extends Dated>(entries: readonly T[], date: string): T | undefined {
  let found: T | undefined;
  for (const entry of entries) {
    if (entry.effectiveFrom > date) break;
    found = entry;
  }
  return found;
}

/** Adds an entry in date order; one for the same date replaces it (the ERP corrected its own figure). */
export function withDated<T extends Dated>(entries: readonly T[], entry: T): T[] {
  const kept = entries.filter((e) => e.effectiveFrom !== entry.effectiveFrom);
  kept.push(entry);
  return kept.sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
  );
}

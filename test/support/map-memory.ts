// A SourceMemory in a Map, saving a page's `remember` the way the pipeline does (after the page).
import type {
  MemoryChange,
  PulledPage,
  Remembered,
  SourceMemory,
} from '../../src/connectors/kit/connector.ts';

export class MapMemory implements SourceMemory {
  readonly #records = new Map<string, Map<string, Remembered>>();

  recall(kind: string, nativeIds: readonly string[]): Promise<ReadonlyMap<string, Remembered>> {
    const records = this.#records.get(kind);
    const found = new Map<string, Remembered>();
    for (const id of nativeIds) {
      const r = records?.get(id);
      if (r !== undefined) found.set(id, r);
    }
    return Promise.resolve(found);
  }

  recallScope(kind: string, scope: string): Promise<ReadonlyMap<string, Remembered>> {
    const found = new Map<string, Remembered>();
    for (const [id, r] of this.#records.get(kind) ?? []) if (r.scope === scope) found.set(id, r);
    return Promise.resolve(found);
  }

  apply(changes: readonly MemoryChange[] | undefined): void {
    for (const c of changes ?? []) {
      let records = this.#records.get(c.kind);
      if (records === undefined) this.#records.set(c.kind, (records = new Map<string, Remembered>()));
      if (c.op === 'forget') records.delete(c.nativeId);
      else records.set(c.nativeId, { fingerprint: c.fingerprint, scope: c.scope });
    }
  }

  save(page: PulledPage): void {
    this.apply(page.remember);
  }

  clone(): MapMemory {
    const copy = new MapMemory();
    for (const [kind, records] of this.#records) copy.#records.set(kind, new Map(records));
    return copy;
  }

  size(kind: string): number {
    return this.#records.get(kind)?.size ?? 0;
  }
}

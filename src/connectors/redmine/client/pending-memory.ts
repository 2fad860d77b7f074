// The source memory as one pull sees it: what the pipeline saved, overlaid with the changes this pull has
// made so far. A pull reads several Redmine pages before the pipeline saves anything, and an entry moved
// between projects can be met twice in one pull; both times must compare against the latest state.
import type { MemoryChange, Remembered, SourceMemory } from '../../kit/connector.ts';

export class PendingMemory {
  readonly changes: MemoryChange[] = [];
  readonly #saved: SourceMemory;
  readonly #latest = new Map<string, MemoryChange>();

  constructor(saved: SourceMemory) {
    this.#saved = saved;
  }

  set(kind: string, nativeId: string, scope: string, fingerprint: string): void {
    this.#record({ op: 'set', kind, nativeId, scope, fingerprint });
  }

  forget(kind: string, nativeId: string): void {
    this.#record({ op: 'forget', kind, nativeId });
  }

  async recall(kind: string, nativeIds: readonly string[]): Promise<Map<string, Remembered>> {
    const found = new Map(nativeIds.length === 0 ? [] : await this.#saved.recall(kind, nativeIds));
    for (const id of nativeIds) this.#apply(found, this.#latest.get(`${kind}\u0000${id}`));
    return found;
  }

  async recallScope(kind: string, scope: string): Promise<Map<string, Remembered>> {
    const found = new Map(await this.#saved.recallScope(kind, scope));
    for (const change of this.#latest.values()) {
      if (change.kind !== kind) continue;
      if (change.op === 'set' && change.scope !== scope) found.delete(change.nativeId);
      else this.#apply(found, change);
    }
    return found;
  }

  #record(change: MemoryChange): void {
    this.changes.push(change);
    this.#latest.set(`${change.kind}\u0000${change.nativeId}`, change);
  }

  #apply(found: Map<string, Remembered>, change: MemoryChange | undefined): void {
    if (change === undefined) return;
    if (change.op === 'forget') found.delete(change.nativeId);
    else found.set(change.nativeId, { fingerprint: change.fingerprint, scope: change.scope });
  }
}

// A batch context that notes what each decision reads, as it read it: the decision's inputs, recorded
// with its deliveries so the same decision can be made again later from them alone.
import type { MasterRecord } from '../../store/port.ts';
import { canonicalKey, masterKey, xrefKey } from '../../store/port.ts';
import { BatchContext } from '../decide/context.ts';

export interface DecisionReads {
  readonly xrefs: Map<string, string | null>;
  readonly canonical: Map<string, string | null>;
  readonly master: Map<string, MasterRecord | null>;
}

export class RecordingContext extends BatchContext {
  #reads: DecisionReads | undefined;

  /** Starts noting reads for one decision. */
  begin(): void {
    this.#reads = { xrefs: new Map(), canonical: new Map(), master: new Map() };
  }

  /** What the decision begun last read; reading stops being noted. */
  end(): DecisionReads {
    const reads = this.#reads ?? { xrefs: new Map(), canonical: new Map(), master: new Map() };
    this.#reads = undefined;
    return reads;
  }

  override canonicalOf(kind: string, system: string, externalId: string): string | undefined {
    const value = super.canonicalOf(kind, system, externalId);
    // The first read is what the decision started from; a later one may see what it remembered itself.
    const key = canonicalKey(kind, system, externalId);
    if (this.#reads && !this.#reads.canonical.has(key)) this.#reads.canonical.set(key, value ?? null);
    return value;
  }

  override externalId(canonicalId: string, system: string): string | undefined {
    const value = super.externalId(canonicalId, system);
    const key = xrefKey(canonicalId, system);
    if (this.#reads && !this.#reads.xrefs.has(key)) this.#reads.xrefs.set(key, value ?? null);
    return value;
  }

  override master<K extends MasterRecord['kind']>(
    kind: K,
    id: string,
  ): Extract<MasterRecord, { kind: K }> | undefined {
    const value = super.master(kind, id);
    const key = masterKey(kind, id);
    if (this.#reads && !this.#reads.master.has(key)) this.#reads.master.set(key, value ?? null);
    return value;
  }
}

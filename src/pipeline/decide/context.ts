// What deciding one batch of events may read and, as it goes, learn (a resource seen earlier in the same
// batch counts for the time entries after it).
import type { LegalEntity } from '../../contracts/index.ts';
import type { MasterRecord, ProcessingContext } from '../../store/port.ts';
import { masterKey, xrefKey } from '../../store/port.ts';

export interface DecideEnvironment {
  readonly erpSystem: string;
  readonly legalEntities: ReadonlyMap<string, LegalEntity>;
}

export class BatchContext {
  readonly #xrefs: Map<string, string>;
  readonly #master: Map<string, MasterRecord>;

  constructor(loaded: ProcessingContext) {
    this.#xrefs = new Map(loaded.xrefs);
    this.#master = new Map(loaded.master);
  }

  externalId(canonicalId: string, system: string): string | undefined {
    return this.#xrefs.get(xrefKey(canonicalId, system));
  }

  master<K extends MasterRecord['kind']>(
    kind: K,
    id: string,
  ): Extract<MasterRecord, { kind: K }> | undefined {
    return this.#master.get(masterKey(kind, id)) as Extract<MasterRecord, { kind: K }> | undefined;
  }

  remember(record: MasterRecord): void {
    this.#master.set(masterKey(record.kind, record.id), record);
  }
}

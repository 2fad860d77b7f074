// What deciding one batch of events may read and, as it goes, learn (a resource seen earlier in the same
// batch counts for the time entries after it).
import type { LegalEntity } from '../../contracts/index.ts';
import type { MasterRecord, ProcessingContext } from '../../store/port.ts';
import { canonicalKey, masterKey, xrefKey } from '../../store/port.ts';
import { checkGovernance } from '../../governance/check-governance.ts';
import type { Governance } from '../../governance/model.ts';
import type { PeriodClosePolicy } from '../../domain/finance/periods.ts';

/** What to do with a posting dated in a closed period: one policy, optionally another per legal entity. */
export interface PeriodCloseSettings {
  readonly policy: PeriodClosePolicy;
  readonly entities?: Readonly<Record<string, PeriodClosePolicy>>;
}

export interface DecideEnvironment {
  readonly erpSystem: string;
  readonly legalEntities: ReadonlyMap<string, LegalEntity>;
  /** Who owns each domain; every inbound write is checked against it. */
  readonly governance: Governance;
  /** PSA systems that take commands (customers, invoice and payment status). */
  readonly psaTargets: readonly string[];
  /** Every configured PSA; one that is not among `psaTargets` is read from only. */
  readonly psaSystems: readonly string[];
  /** The period-close policy of a legal entity. */
  periodPolicy(legalEntityId: string): PeriodClosePolicy;
}

/** The environment from the systems in play, with default governance unless one is given. */
export function decideEnvironment(options: {
  readonly erpSystem: string;
  readonly legalEntities: readonly LegalEntity[];
  readonly psaSystems: readonly string[];
  readonly psaTargets?: readonly string[];
  readonly crmSystems?: readonly string[];
  readonly governance?: Governance;
  /** Default: hold every posting dated in a closed period until the period reopens. */
  readonly periodClose?: PeriodCloseSettings;
}): DecideEnvironment {
  let governance = options.governance;
  if (!governance) {
    const check = checkGovernance({
      systems: {
        psa: options.psaSystems.map((id) => ({ id })),
        erp: { id: options.erpSystem },
        crm: (options.crmSystems ?? []).map((id) => ({ id })),
      },
    });
    if (!check.ok) throw new Error(`default governance is inconsistent: ${check.problems.join('; ')}`);
    governance = check.governance;
  }
  return {
    erpSystem: options.erpSystem,
    legalEntities: new Map(options.legalEntities.map((e) => [e.id, e])),
    governance,
    psaTargets: options.psaTargets ?? [],
    psaSystems: options.psaSystems,
    periodPolicy: (legalEntityId) =>
      options.periodClose?.entities?.[legalEntityId] ?? options.periodClose?.policy ?? 'hold',
  };
}

export class BatchContext {
  readonly #xrefs: Map<string, string>;
  readonly #master: Map<string, MasterRecord>;
  readonly #canonical: ReadonlyMap<string, string>;

  constructor(loaded: ProcessingContext) {
    this.#xrefs = new Map(loaded.xrefs);
    this.#master = new Map(loaded.master);
    this.#canonical = loaded.canonical;
  }

  /** The canonical id a system's record of this kind was written for (a PSA client made from the ERP). */
  canonicalOf(kind: string, system: string, externalId: string): string | undefined {
    return this.#canonical.get(canonicalKey(kind, system, externalId));
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

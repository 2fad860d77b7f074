// A request to erase usually names a person, not Ledgerline's canonical id. This finds the master records
// whose personal fields hold that value (a consultant's name, in any PSA), so `ledgerline erase --name`
// can show them and pseudonymise each by its id. Personal fields are sealed, so every master record is
// opened to compare: a scan, fine for a request an operator makes by hand.
import { sensitivePathsByObjectKind } from '../../contracts/index.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { ProtectionPort } from '../../store/protection-port.ts';
import { rewriteAt } from '../field-protection/json-paths.ts';
import {
  isPersonRecord,
  normalisedValue as normalised,
  rewritePersonalFields,
  type PersonalFieldScan,
} from './personal-fields.ts';

export interface FoundSubject {
  /** The canonical id erasure takes, e.g. resource:sandbox-psa:U-7. */
  readonly id: string;
  readonly kind: string;
  /** Where the value was found, e.g. `name`. */
  readonly field: string;
}

export async function findSubjectsByValue(
  store: Pick<ProtectionPort, 'scanProtected'>,
  sealer: FieldSealer,
  value: string,
  batch = 500,
): Promise<FoundSubject[]> {
  const wanted = normalised(value);
  const found: FoundSubject[] = [];
  for (let after: string | null = null; ;) {
    const page = await store.scanProtected('master_data', after, batch);
    for (const row of page) {
      const bar = row.key.indexOf('|');
      const kind = row.key.slice(0, bar);
      const personal = (sensitivePathsByObjectKind.get(kind) ?? []).filter(
        (p) => p.sensitivity === 'personal',
      );
      if (personal.length === 0) continue;
      const data = sealer.openMaster(row.text);
      for (const p of personal)
        rewriteAt(data, p.path, (held, at) => {
          if (typeof held === 'string' && normalised(held) === wanted)
            found.push({ id: row.key.slice(bar + 1), kind, field: at });
          return undefined;
        });
    }
    if (page.length < batch) break;
    after = page[page.length - 1]?.key ?? after;
  }
  return found;
}

export interface FoundValue {
  /** Events holding the value in a personal field. */
  readonly events: number;
  /** Where, e.g. `io.ledgerline.time.approved.v1 data.approvedBy` -> 12. */
  readonly fields: ReadonlyMap<string, number>;
}

/** Where a value no master record holds appears in events' personal fields (an approver who is not a
 * consultant): what `ledgerline erase --name` would pseudonymise by value. */
export async function findValueInEvents(
  store: Pick<ProtectionPort, 'scanProtected' | 'rewriteProtected'>,
  sealer: FieldSealer,
  value: string,
  progress?: PersonalFieldScan['progress'],
): Promise<FoundValue> {
  const wanted = normalised(value);
  const fields = new Map<string, number>();
  const changed = await rewritePersonalFields(store, sealer, {
    tables: ['events'],
    dryRun: true,
    at: new Date().toISOString(),
    ...(progress === undefined ? {} : { progress }),
    replace: ({ of, field, about, value: held }) => {
      if (isPersonRecord(about) || normalised(held) !== wanted) return undefined;
      const where = `${of} ${field}`;
      fields.set(where, (fields.get(where) ?? 0) + 1);
      return held;
    },
  });
  return { events: changed.events ?? 0, fields };
}

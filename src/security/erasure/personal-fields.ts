// Visiting every personal field (as the contracts mark them) of every stored event or master record, and
// rewriting the ones a caller picks. Erasure uses it for what the subject's own records do not cover: the
// person named in someone else's record (the approver of a colleague's time entry), found by value. The
// fields are sealed, so every row is opened: a scan, fine for a request an operator makes by hand.
import {
  sensitivePathsByEventType,
  sensitivePathsByObjectKind,
  type SensitivePath,
} from '../../contracts/index.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { ProtectedRewrite, ProtectionPort } from '../../store/protection-port.ts';
import { rewriteAt } from '../field-protection/json-paths.ts';

/** Case, inner spacing and surrounding blanks aside: "  amelia  SMITH" finds "Amelia Smith". */
export function normalisedValue(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** The prefix every pseudonym carries: such a value is erased already. */
export const pseudonymPrefix = 'pseudonym:';

/** The CloudEvents extension attribute an erased event carries: when it was pseudonymised (ISO 8601), so
 * `ledgerline explain` can tell an erased source from a tampered one (its digest no longer recomputes). */
export const erasedAtAttribute = 'erasedat';

export type PersonalTable = 'events' | 'master_data';

export interface PersonalField {
  readonly table: PersonalTable;
  /** The row's key: an event's seq, a master record's `kind|id`. */
  readonly key: string;
  /** The event's type or the master record's kind. */
  readonly of: string;
  /** The id of what the record is about: the event's subject, the master record's id. */
  readonly about: string;
  /** The field's dotted path, e.g. `approvedBy`. */
  readonly field: string;
  /** What the field holds, in clear (never a pseudonym). */
  readonly value: string;
}

export interface PersonalFieldScan {
  readonly tables: readonly PersonalTable[];
  /** The replacement for a field (a pseudonym), or undefined to leave it. */
  readonly replace: (field: PersonalField) => string | undefined;
  /** Find only: nothing is written. */
  readonly dryRun?: boolean;
  /** ISO 8601 time of the erasure, stamped on each event rewritten. */
  readonly at: string;
  readonly batch?: number;
  readonly progress?: (p: { readonly table: PersonalTable; readonly scanned: number }) => void;
}

/** Object kinds whose record is a person: their personal fields describe that person and no one else,
 * so a search by value leaves them to erasure by subject (a namesake is not the person erased). */
const personKinds: ReadonlySet<string> = new Set(['resource']);

export function isPersonRecord(about: string): boolean {
  return personKinds.has(about.slice(0, about.indexOf(':')));
}

const personal = (paths: readonly SensitivePath[] | undefined) =>
  (paths ?? []).filter((p) => p.sensitivity === 'personal');

/** Rows changed per table (with `dryRun`, rows that would change). */
export async function rewritePersonalFields(
  store: Pick<ProtectionPort, 'scanProtected' | 'rewriteProtected'>,
  sealer: FieldSealer,
  scan: PersonalFieldScan,
): Promise<Partial<Record<PersonalTable, number>>> {
  const batch = scan.batch ?? 500;
  const changedRows: Partial<Record<PersonalTable, number>> = {};
  for (const table of scan.tables) {
    let scanned = 0;
    for (let after: string | null = null; ;) {
      const page = await store.scanProtected(table, after, batch);
      const rewrites: ProtectedRewrite[] = [];
      for (const row of page) {
        const opened = table === 'events' ? openedEvent(sealer, row.text) : openedMaster(sealer, row);
        let changed = false;
        for (const p of opened.paths)
          rewriteAt(opened.document, p.path, (value, at) => {
            if (typeof value !== 'string' || value.startsWith(pseudonymPrefix)) return undefined;
            const next = scan.replace({
              table,
              key: row.key,
              of: opened.of,
              about: opened.about,
              field: at,
              value,
            });
            if (next !== undefined) changed = true;
            return next;
          });
        if (!changed) continue;
        changedRows[table] = (changedRows[table] ?? 0) + 1;
        if (scan.dryRun === true) continue;
        if (table === 'events') (opened.document as Record<string, unknown>)[erasedAtAttribute] = scan.at;
        rewrites.push({ ...row, from: row.text, text: opened.seal() });
      }
      if (rewrites.length > 0) await store.rewriteProtected(rewrites);
      scanned += page.length;
      scan.progress?.({ table, scanned });
      const last = page.at(-1);
      if (page.length < batch || last === undefined) break;
      after = last.key;
    }
  }
  return changedRows;
}

interface OpenedRow {
  readonly of: string;
  readonly about: string;
  readonly document: unknown;
  readonly paths: readonly SensitivePath[];
  seal(): string;
}

function openedEvent(sealer: FieldSealer, text: string): OpenedRow {
  const event = sealer.openEvent(text);
  return {
    of: event.type,
    about: event.subject,
    document: event,
    paths: personal(sensitivePathsByEventType.get(event.type)),
    seal: () => sealer.sealEvent(event),
  };
}

function openedMaster(sealer: FieldSealer, row: { readonly key: string; readonly text: string }): OpenedRow {
  const kind = row.key.slice(0, row.key.indexOf('|'));
  const paths = personal(sensitivePathsByObjectKind.get(kind));
  // Master records of a kind without personal fields are not opened at all.
  const data = paths.length === 0 ? null : sealer.openMaster(row.text);
  const about = row.key.slice(kind.length + 1);
  return { of: kind, about, document: data, paths, seal: () => sealer.sealMaster(kind, data) };
}

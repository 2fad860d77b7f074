// Erasure of a person's personal data (issue 8, GDPR art. 17) by pseudonymisation: every field the
// contracts mark `personal` in the records about the person (their events and master record) is replaced
// by a keyed pseudonym (HMAC-SHA256), and the same values are replaced wherever else the store copied them
// (outbox commands, dead-letter details), and in other records' personal fields that name the person (an
// approver). Ids, amounts and the audit log are untouched: audit entries hold
// seqs and digests, never personal data, so `audit verify` still passes afterwards.
import { createHmac } from 'node:crypto';
import {
  sensitivePathsByEventType,
  sensitivePathsByObjectKind,
  type SensitivePath,
} from '../../contracts/index.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { ProtectedRewrite, ProtectedRow, ProtectionPort } from '../../store/protection-port.ts';
import { rewriteAt } from '../field-protection/json-paths.ts';
import {
  erasedAtAttribute,
  isPersonRecord,
  normalisedValue,
  pseudonymPrefix,
  rewritePersonalFields,
  type PersonalFieldScan,
} from './personal-fields.ts';

/** A keyed pseudonym: the same value gives the same pseudonym under one key, and nothing leads back. */
export function pseudonymOf(value: unknown, key: Buffer): string {
  return `${pseudonymPrefix}${createHmac('sha256', key).update(JSON.stringify(value)).digest('hex').slice(0, 24)}`;
}

/** The pseudonym key: derived from the current field key, so erasure needs no secret of its own. */
export function erasureKey(fieldKey: Buffer): Buffer {
  return createHmac('sha256', fieldKey).update('ledgerline-erasure-v1').digest();
}

/** What the audit log records instead of the subject. */
export function subjectDigest(subject: string, key: Buffer): string {
  return createHmac('sha256', key).update(`subject:${subject}`).digest('hex').slice(0, 24);
}

const personal = (paths: readonly SensitivePath[] | undefined) =>
  (paths ?? []).filter((p) => p.sensitivity === 'personal');

export interface ErasureResult {
  /** Rows rewritten, per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Personal values replaced in the subject's own records. */
  readonly values: number;
  readonly subjectDigest: string;
}

export interface ErasureOptions {
  readonly batch?: number;
  readonly now?: number;
  readonly progress?: PersonalFieldScan['progress'];
}

export async function eraseSubject(
  store: ProtectionPort,
  sealer: FieldSealer,
  subject: string,
  key: Buffer,
  options: ErasureOptions = {},
): Promise<ErasureResult> {
  const at = new Date(options.now ?? Date.now()).toISOString();
  const replaced = new Map<string, string>();
  const pseudonymise = (value: unknown): unknown => {
    if (value === undefined || (typeof value === 'string' && value.startsWith(pseudonymPrefix)))
      return undefined;
    const pseudonym = pseudonymOf(value, key);
    if (typeof value === 'string') replaced.set(value, pseudonym);
    return pseudonym;
  };
  const rows: Record<string, number> = {};
  const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);

  // 1. The subject's own records: events about it and its master record, field by field.
  const own: ProtectedRewrite[] = [];
  for (const row of await store.protectedRowsAbout(subject)) {
    if (row.table === 'events') {
      const event = sealer.openEvent(row.text);
      let changed = false;
      for (const p of personal(sensitivePathsByEventType.get(event.type)))
        rewriteAt(event, p.path, (value) => {
          const next = pseudonymise(value);
          if (next !== undefined) changed = true;
          return next;
        });
      // Outside `data`, so it does not touch what the source digest covers (id, source, type, data).
      if (changed) (event as unknown as Record<string, unknown>)[erasedAtAttribute] = at;
      own.push({ ...row, from: row.text, text: sealer.sealEvent(event) });
    } else if (row.table === 'master_data') {
      const kind = row.key.split('|')[0] ?? '';
      const data = sealer.openMaster(row.text);
      for (const p of personal(sensitivePathsByObjectKind.get(kind))) rewriteAt(data, p.path, pseudonymise);
      own.push({ ...row, from: row.text, text: sealer.sealMaster(kind, data) });
    }
  }
  if (own.length > 0) {
    await store.rewriteProtected(own);
    for (const r of own) count(r.table, 1);
  }

  // 2. The person in other records' personal fields: their name as the approver of a colleague's time
  // entry (case and spacing aside), or their canonical id there. Same value, same pseudonym. Only personal
  // fields: the id stays wherever it is a reference (a time entry's resourceId). Other people's own
  // records are left alone: a namesake is not the person erased. Only when the subject is a person (a
  // consultant's record): a time entry erased by its id loses its approver's name, but the entries the
  // same manager approved keep theirs.
  const byNormalised = new Map(
    [...replaced].map(([value, pseudonym]) => [normalisedValue(value), pseudonym]),
  );
  const subjectPseudonym = pseudonymOf(subject, key);
  const elsewhere = !isPersonRecord(subject)
    ? {}
    : await rewritePersonalFields(store, sealer, {
        tables: ['events'],
        at,
        ...(options.batch === undefined ? {} : { batch: options.batch }),
        ...(options.progress === undefined ? {} : { progress: options.progress }),
        replace: ({ value, about }) => {
          if (isPersonRecord(about)) return undefined;
          if (value === subject) return subjectPseudonym;
          const pseudonym = byNormalised.get(normalisedValue(value));
          // Another spelling of an erased value: its copies (below) are replaced too.
          if (pseudonym !== undefined) replaced.set(value, pseudonym);
          return pseudonym;
        },
      });
  for (const [table, n] of Object.entries(elsewhere)) count(table, n);

  await pseudonymiseCopies(store, sealer, replaced, options.batch ?? 500, count);
  return { rows, values: replaced.size, subjectDigest: subjectDigest(subject, key) };
}

/**
 * Erasure of a value that no master record holds (a manager who approves time but is not a consultant, known
 * to Ledgerline only as `approvedBy` in others' records): every personal field of every event holding it
 * (case and spacing aside; a consultant's own records aside, which erasure by subject covers), and its
 * copies.
 */
export async function eraseValue(
  store: ProtectionPort,
  sealer: FieldSealer,
  value: string,
  key: Buffer,
  options: ErasureOptions = {},
): Promise<ErasureResult> {
  const wanted = normalisedValue(value);
  const replaced = new Map<string, string>();
  const rows: Record<string, number> = {};
  const count = (table: string, n: number) => (rows[table] = (rows[table] ?? 0) + n);
  const changed = await rewritePersonalFields(store, sealer, {
    tables: ['events'],
    at: new Date(options.now ?? Date.now()).toISOString(),
    ...(options.batch === undefined ? {} : { batch: options.batch }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    replace: ({ value: held, about }) => {
      if (isPersonRecord(about) || normalisedValue(held) !== wanted) return undefined;
      const pseudonym = pseudonymOf(held, key);
      replaced.set(held, pseudonym);
      return pseudonym;
    },
  });
  for (const [table, n] of Object.entries(changed)) count(table, n);
  await pseudonymiseCopies(store, sealer, replaced, options.batch ?? 500, count);
  return { rows, values: replaced.size, subjectDigest: subjectDigest(value, key) };
}

/** Copies elsewhere: outbox commands, dead-letter details and the master records decisions read
 * (provenance inputs: still keyed by the digest of what was read; `explain` re-derives from the
 * pseudonymised copy, as the outbox copy it compares with is pseudonymised alike). */
async function pseudonymiseCopies(
  store: ProtectionPort,
  sealer: FieldSealer,
  replaced: ReadonlyMap<string, string>,
  batch: number,
  count: (table: string, n: number) => void,
): Promise<void> {
  if (replaced.size === 0) return;
  for (const table of ['deliveries', 'dead_letters', 'provenance_inputs'] as const) {
    let after: string | null = null;
    for (;;) {
      const page: ProtectedRow[] = await store.scanProtected(table, after, batch);
      if (page.length === 0) break;
      after = page[page.length - 1]?.key ?? after;
      const rewrites = page.flatMap((row) => {
        const clear = sealer.openOpaque(row.text);
        let text = clear;
        for (const [value, pseudonym] of replaced)
          text = text.split(JSON.stringify(value)).join(JSON.stringify(pseudonym));
        return text === clear ? [] : [{ ...row, from: row.text, text: sealer.sealOpaque(text) }];
      });
      if (rewrites.length > 0) count(table, await store.rewriteProtected(rewrites));
      if (page.length < batch) break;
    }
  }
}

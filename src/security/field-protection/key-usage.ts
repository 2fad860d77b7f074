// Which keys the stored values are sealed under (`ledgerline keys status`), and re-sealing the rows that
// are not under the current key (`ledgerline keys rotate`): an old key can be retired once no row uses it.
// Rows are read raw in pages and rewritten only where they still hold what was read, so this runs while
// the service keeps writing (new rows already use the current key).
import {
  sensitivePathsByEventType,
  sensitivePathsByObjectKind,
  type CanonicalEvent,
} from '../../contracts/index.ts';
import {
  protectedTables,
  type ProtectedRow,
  type ProtectedTable,
  type ProtectionPort,
} from '../../store/protection-port.ts';
import { isSealed, sealedMark, type FieldKeyring } from './field-cipher.ts';
import { fieldSealer } from './field-sealer.ts';
import { rewriteAt } from './json-paths.ts';

const tokenKeyIds = new RegExp(`"\\${sealedMark}":"v1\\.([A-Za-z0-9_-]+)\\.`, 'g');

/** The key ids a row's stored text uses, each once. */
export function keyIdsIn(text: string): Set<string> {
  return new Set([...text.matchAll(tokenKeyIds)].map((m) => m[1] ?? ''));
}

/** Whether a stored row holds a sensitive value in clear (written before sealing was on, or without keys). */
export function holdsClearSensitive(row: ProtectedRow): boolean {
  if (row.table === 'deliveries' || row.table === 'dead_letters' || row.table === 'provenance_inputs')
    return !row.text.startsWith(`{"${sealedMark}":`);
  const parsed = JSON.parse(row.text) as unknown;
  const paths =
    row.table === 'events'
      ? sensitivePathsByEventType.get((parsed as CanonicalEvent).type)
      : sensitivePathsByObjectKind.get(row.key.split('|')[0] ?? '');
  let clear = false;
  for (const p of paths ?? [])
    rewriteAt(parsed, p.path, (value) => {
      if (value !== undefined && !isSealed(value)) clear = true;
      return undefined;
    });
  return clear;
}

export interface KeyUsage {
  readonly table: ProtectedTable;
  readonly rows: number;
  /** Rows holding at least one value sealed under each key id. */
  readonly byKey: Readonly<Record<string, number>>;
  /** Rows holding a sensitive value in clear. */
  readonly clear: number;
}

async function eachPage(
  store: ProtectionPort,
  table: ProtectedTable,
  batch: number,
  visit: (rows: readonly ProtectedRow[]) => Promise<void>,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = await store.scanProtected(table, after, batch);
    if (rows.length === 0) return;
    await visit(rows);
    after = rows[rows.length - 1]?.key ?? null;
    if (rows.length < batch) return;
  }
}

export async function keyUsage(store: ProtectionPort, batch = 1000): Promise<KeyUsage[]> {
  const usage: KeyUsage[] = [];
  for (const table of protectedTables) {
    let rows = 0;
    let clear = 0;
    const byKey: Record<string, number> = {};
    await eachPage(store, table, batch, (page) => {
      for (const row of page) {
        rows += 1;
        for (const id of keyIdsIn(row.text)) byKey[id] = (byKey[id] ?? 0) + 1;
        if (holdsClearSensitive(row)) clear += 1;
      }
      return Promise.resolve();
    });
    usage.push({ table, rows, byKey, clear });
  }
  return usage;
}

/** A re-sealed copy of a stored row under the keyring's current key. */
function resealed(row: ProtectedRow, keyring: FieldKeyring): string {
  const sealer = fieldSealer(keyring);
  switch (row.table) {
    case 'events':
      return sealer.sealEvent(sealer.openEvent(row.text));
    case 'master_data':
      return sealer.sealMaster(row.key.split('|')[0] ?? '', sealer.openMaster(row.text));
    default:
      return sealer.sealOpaque(sealer.openOpaque(row.text));
  }
}

export interface RotationProgress {
  readonly table: ProtectedTable;
  readonly scanned: number;
  readonly resealed: number;
  /** Rows that changed between reading and rewriting; the next run takes them. */
  readonly skipped: number;
}

/** Re-seals every row not wholly under the current key; `progress` hears after each page. */
export async function rotateKeys(
  store: ProtectionPort,
  keyring: FieldKeyring,
  options: { readonly batch?: number; readonly progress?: (p: RotationProgress) => void } = {},
): Promise<RotationProgress[]> {
  const batch = options.batch ?? 500;
  const done: RotationProgress[] = [];
  for (const table of protectedTables) {
    let scanned = 0;
    let resealedRows = 0;
    let skipped = 0;
    await eachPage(store, table, batch, async (page) => {
      const stale = page.filter((row) => {
        const ids = keyIdsIn(row.text);
        return [...ids].some((id) => id !== keyring.currentKeyId) || holdsClearSensitive(row);
      });
      const rewrites = stale.map((row) => ({ ...row, from: row.text, text: resealed(row, keyring) }));
      const applied = rewrites.length === 0 ? 0 : await store.rewriteProtected(rewrites);
      scanned += page.length;
      resealedRows += applied;
      skipped += rewrites.length - applied;
      options.progress?.({ table, scanned, resealed: resealedRows, skipped });
    });
    done.push({ table, scanned, resealed: resealedRows, skipped });
  }
  return done;
}

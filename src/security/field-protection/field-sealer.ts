// The store's FieldSealer: seals the schema-marked fields of events and master records one by one (the
// rest of the row stays plain JSON, so SQL over ids, types and trace context keeps working) and an outbox
// row's commands or a dead letter's detail whole (they are built from those records and have no schema).
import {
  sensitivePathsByEventType,
  sensitivePathsByObjectKind,
  type CanonicalEvent,
  type SensitivePath,
} from '../../contracts/index.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import { isSealed, openValue, sealValue, sealedMark, type FieldKeyring } from './field-cipher.ts';
import { replacedAt, rewriteMatching } from './json-paths.ts';

/** Additional data binding a whole-text seal to its use. */
const opaqueAad = 'opaque';
const sealedPrefix = `{"${sealedMark}":`;

function sealPaths(document: unknown, paths: readonly SensitivePath[], keyring: FieldKeyring): string {
  // The caller's object (the pipeline's event) stays in clear: only the objects on a sealed field's path
  // are copied.
  let sealed = document;
  for (const p of paths)
    sealed = replacedAt(sealed, p.path, (value, at) =>
      value === undefined || isSealed(value) ? undefined : sealValue(value, keyring, at),
    );
  return JSON.stringify(sealed);
}

/** Opens every sealed value in stored JSON text; text without one (most rows) is parsed and left alone. */
export function openDocument(text: string, keyring: FieldKeyring | undefined): unknown {
  const parsed = JSON.parse(text) as unknown;
  if (!text.includes(`"${sealedMark}"`)) return parsed;
  return rewriteMatching(parsed, isSealed, (value, at) =>
    openValue(value as { $sealed: string }, keyring, at),
  );
}

export function openOpaqueText(text: string, keyring: FieldKeyring | undefined): string {
  if (!text.startsWith(sealedPrefix)) return text;
  const parsed = JSON.parse(text) as unknown;
  return isSealed(parsed) ? String(openValue(parsed, keyring, opaqueAad)) : text;
}

/** With no keyring, values are stored in clear (and a sealed one met on reading names the missing key). */
export function fieldSealer(keyring: FieldKeyring | undefined): FieldSealer {
  return {
    sealEvent(event: CanonicalEvent): string {
      const paths = keyring === undefined ? undefined : sensitivePathsByEventType.get(event.type);
      return paths === undefined || keyring === undefined
        ? JSON.stringify(event)
        : sealPaths(event, paths, keyring);
    },
    openEvent: (text) => openDocument(text, keyring) as CanonicalEvent,
    sealMaster(kind, data) {
      const paths = keyring === undefined ? undefined : sensitivePathsByObjectKind.get(kind);
      return paths === undefined || keyring === undefined
        ? JSON.stringify(data)
        : sealPaths(data, paths, keyring);
    },
    openMaster: (text) => openDocument(text, keyring),
    sealOpaque: (text) =>
      keyring === undefined ? text : JSON.stringify(sealValue(text, keyring, opaqueAad)),
    openOpaque: (text) => openOpaqueText(text, keyring),
  };
}

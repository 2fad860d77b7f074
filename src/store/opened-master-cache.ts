// Master records opened for deciding, remembered by their stored text. A batch of 1,000 entries reads the
// same few hundred projects and consultants, and every batch read them again, decrypting each sealed field
// (a consultant's name and cost rate) under the write lock. Keyed by the exact stored text, an entry can
// never be stale: a changed, re-keyed or erased record is stored as other text (fresh IVs on every seal).
// The opened values are shared between batches, so only readers may use them (deciding never writes to
// the records it reads; erasure and re-keying open records themselves).
import type { FieldSealer } from './field-sealer.ts';

export function openedMasterCache(sealer: FieldSealer, max = 4_096): (text: string) => unknown {
  let opened = new Map<string, unknown>();
  return (text) => {
    if (opened.has(text)) return opened.get(text);
    const data = sealer.openMaster(text);
    // Bounded by starting over: the records a stream of batches reads are back within a batch or two.
    if (opened.size >= max) opened = new Map();
    opened.set(text, data);
    return data;
  };
}

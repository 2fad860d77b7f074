// Which class of difference one key shows, if any. One class per key, the first that applies in this
// order (ADR 12): presence, then count, then value, then currency conversion, then booking period. An
// earlier class explains the later ones (a missing posting also makes the amounts differ), and fixing it
// is what an operator does first.
import type { SideState } from './key-side.ts';
import type { DifferenceClass } from './report.ts';

function amountsDiffer(source: SideState, target: SideState): boolean {
  if (!source.hours.equals(target.hours)) return true;
  if (source.currency !== target.currency) return true;
  // A side that cannot price (amountUnknown) is compared on counts and hours only: never guessed as zero.
  if (source.amountUnknown || target.amountUnknown) return false;
  return !source.amount.equals(target.amount);
}

function functionalDiffers(source: SideState, target: SideState): boolean {
  const s = source.functional;
  const t = target.functional;
  if (!s || !t) return false;
  return s.currency !== t.currency || !s.amount.equals(t.amount);
}

function leavesValue(side: SideState): boolean {
  return !side.hours.isZero() || (!side.amountUnknown && !side.amount.isZero());
}

/** `undefined` for a side that holds no record of the key. */
export function classify(
  source: SideState | undefined,
  target: SideState | undefined,
): DifferenceClass | undefined {
  const sourceLive = source !== undefined && source.live > 0;
  const targetLive = target !== undefined && target.live > 0;
  if (sourceLive && !targetLive) return 'missing_in_target';
  if (!sourceLive && targetLive) return 'extra_in_target';
  if (!source || !target) {
    // One side absent, the other netted to no live record: a difference only if value is left over.
    const present = source ?? target;
    return present && leavesValue(present) ? 'amount_drift' : undefined;
  }
  if (sourceLive && source.live !== target.live) return 'duplicate';
  // Neither side live: postings and reversals cancelled on both, unless what is left over differs.
  if (amountsDiffer(source, target)) return 'amount_drift';
  if (!sourceLive) return undefined;
  if (functionalDiffers(source, target)) return 'fx_difference';
  if (source.period !== target.period) return 'period_mismatch';
  return undefined;
}

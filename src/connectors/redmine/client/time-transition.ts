// What a time entry's current state means against what was remembered of it: the event to emit (if any)
// and the mark to remember next. Unapproved entries never seen approved are not remembered at all.
import type { Mark } from './fingerprint.ts';

export interface SeenEntry {
  readonly approved: boolean;
  readonly hash: string;
  readonly spentOn: string;
}

export type Transition =
  | { readonly happening: 'approved' | 'revised' | 'unapproved'; readonly next: Mark }
  | { readonly happening: undefined };

export function transition(seen: SeenEntry, mark: Mark | undefined): Transition {
  const rev = (mark?.rev ?? 0) + 1;
  const next = (state: 'approved' | 'withdrawn'): Mark => ({
    rev,
    state,
    hash: seen.hash,
    spentOn: seen.spentOn,
  });
  if (seen.approved) {
    if (mark?.state !== 'approved') return { happening: 'approved', next: next('approved') };
    return mark.hash === seen.hash
      ? { happening: undefined }
      : { happening: 'revised', next: next('approved') };
  }
  // Remembered as withdrawn, so approving it again is a new revision with new event ids.
  return mark?.state === 'approved'
    ? { happening: 'unapproved', next: next('withdrawn') }
    : { happening: undefined };
}

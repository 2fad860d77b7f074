// A lifecycle is an explicit transition table: for each state, the events it accepts and the state each
// one leads to. One guarded function applies every table, so every refusal has the same reason code and
// names what the object could have done instead.

/** A row for every state; each row maps an event name to the next state. A terminal state has `{}`. */
export type TransitionTable<S extends string> = { readonly [K in S]: { readonly [event: string]: S } };

export interface Lifecycle<T extends TransitionTable<string>> {
  /** What the states belong to, e.g. "invoice"; refusal messages start with it. */
  readonly name: string;
  /** The state a new object starts in. */
  readonly initial: keyof T & string;
  readonly transitions: T;
}

export type LifecycleState<T> = keyof T & string;
export type LifecycleEvent<T> = { [K in keyof T]: keyof T[K] }[keyof T] & string;

export interface AllowedTransition<S extends string, E extends string> {
  readonly event: E;
  readonly next: S;
}

export const ILLEGAL_TRANSITION = 'lifecycle.illegal_transition';

export type TransitionResult<S extends string, E extends string> =
  | { readonly ok: true; readonly next: S }
  | {
      readonly ok: false;
      readonly reasonCode: typeof ILLEGAL_TRANSITION;
      readonly message: string;
      readonly current: S;
      /** A string, not `E`: the refused name may come from outside and be no event of this lifecycle. */
      readonly event: string;
      readonly allowed: readonly AllowedTransition<S, E>[];
    };

// Own properties only: `toString` or `__proto__` must never read as an event or a state.
function rowOf(table: TransitionTable<string>, state: string): Readonly<Record<string, string>> {
  return Object.hasOwn(table, state) ? (table[state] ?? {}) : {};
}

/** The events `state` accepts and where each leads, in table order. */
export function allowedTransitions<T extends TransitionTable<string>>(
  lifecycle: Lifecycle<T>,
  state: LifecycleState<T>,
): AllowedTransition<LifecycleState<T>, LifecycleEvent<T>>[] {
  return Object.entries(rowOf(lifecycle.transitions, state)).map(([event, next]) => ({ event, next }));
}

function describeAllowed(allowed: readonly AllowedTransition<string, string>[]): string {
  return allowed.length === 0 ? '(none)' : allowed.map((a) => `${a.event} -> ${a.next}`).join(', ');
}

/**
 * Applies `event` to an object in state `current`. A refusal names the object (`subjectId`, when given),
 * its state, the refused event and every event its state allows, e.g.
 * `invoice INV-7 is paid: void is not allowed; paid allows: reopen-part-paid -> part-paid, ...`.
 */
export function transition<T extends TransitionTable<string>>(
  lifecycle: Lifecycle<T>,
  current: LifecycleState<T>,
  event: LifecycleEvent<T>,
  subjectId?: string,
): TransitionResult<LifecycleState<T>, LifecycleEvent<T>> {
  const row = rowOf(lifecycle.transitions, current);
  const next = Object.hasOwn(row, event) ? row[event] : undefined;
  if (next !== undefined) return { ok: true, next };
  const allowed = allowedTransitions(lifecycle, current);
  const subject = subjectId === undefined ? lifecycle.name : `${lifecycle.name} ${subjectId}`;
  return {
    ok: false,
    reasonCode: ILLEGAL_TRANSITION,
    message: `${subject} is ${current}: ${event} is not allowed; ${current} allows: ${describeAllowed(allowed)}`,
    current,
    event,
    allowed,
  };
}

/**
 * Applies events in order, as when several steps of one object arrive together after a pause; stops at
 * the first refusal, which is returned as it is.
 */
export function transitionAll<T extends TransitionTable<string>>(
  lifecycle: Lifecycle<T>,
  current: LifecycleState<T>,
  events: readonly LifecycleEvent<T>[],
  subjectId?: string,
): TransitionResult<LifecycleState<T>, LifecycleEvent<T>> {
  let state = current;
  for (const event of events) {
    const result = transition(lifecycle, state, event, subjectId);
    if (!result.ok) return result;
    state = result.next;
  }
  return { ok: true, next: state };
}

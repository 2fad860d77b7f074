// The guarded transition function, across every lifecycle: exactly the pairs in a table are accepted,
// every other name is refused with the allowed moves, and every state can be reached from the start.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { billingScheduleItemLifecycle } from './billing-schedule-item.ts';
import { customerLifecycle } from './customer.ts';
import { expenseLifecycle } from './expense.ts';
import { invoiceLifecycle } from './invoice.ts';
import {
  allowedTransitions,
  transition,
  transitionAll,
  type Lifecycle,
  type TransitionTable,
} from './machine.ts';
import { milestoneLifecycle } from './milestone.ts';
import { opportunityLifecycle } from './opportunity.ts';
import { paymentLifecycle } from './payment.ts';
import { projectLifecycle } from './project.ts';

type AnyLifecycle = Lifecycle<TransitionTable<string>>;

const lifecycles: readonly AnyLifecycle[] = [
  customerLifecycle,
  opportunityLifecycle,
  projectLifecycle,
  milestoneLifecycle,
  billingScheduleItemLifecycle,
  invoiceLifecycle,
  paymentLifecycle,
  expenseLifecycle,
];

const statesOf = (lifecycle: AnyLifecycle): string[] => Object.keys(lifecycle.transitions);
const eventsOf = (lifecycle: AnyLifecycle): string[] => [
  ...new Set(Object.values(lifecycle.transitions).flatMap((row) => Object.keys(row))),
];
const rowOf = (lifecycle: AnyLifecycle, state: string): Readonly<Record<string, string>> =>
  lifecycle.transitions[state] ?? {};

function expectRefusal(lifecycle: AnyLifecycle, state: string, event: string): void {
  const result = transition(lifecycle, state, event);
  const allowed = Object.entries(rowOf(lifecycle, state)).map(([e, next]) => ({ event: e, next }));
  const list = allowed.length === 0 ? '(none)' : allowed.map((a) => `${a.event} -> ${a.next}`).join(', ');
  assert.deepEqual(result, {
    ok: false,
    reasonCode: 'lifecycle.illegal_transition',
    message: `${lifecycle.name} is ${state}: ${event} is not allowed; ${state} allows: ${list}`,
    current: state,
    event,
    allowed,
  });
}

describe('transition', () => {
  it('names the object, its state, the refused event and what the state allows', () => {
    const refused = transition(invoiceLifecycle, 'paid', 'void', 'INV-7');
    assert.equal(refused.ok, false);
    if (refused.ok) return;
    assert.equal(
      refused.message,
      'invoice INV-7 is paid: void is not allowed; paid allows: reopen-part-paid -> part-paid, reopen-unpaid -> issued',
    );
    assert.deepEqual(refused.allowed, [
      { event: 'reopen-part-paid', next: 'part-paid' },
      { event: 'reopen-unpaid', next: 'issued' },
    ]);
  });

  it('says (none) for a terminal state', () => {
    const refused = transition(invoiceLifecycle, 'void', 'issue', 'INV-7');
    assert.equal(
      refused.ok ? '' : refused.message,
      'invoice INV-7 is void: issue is not allowed; void allows: (none)',
    );
  });

  for (const lifecycle of lifecycles) {
    it(`${lifecycle.name}: accepts exactly the (state, event) pairs in its table`, () => {
      for (const state of statesOf(lifecycle))
        for (const event of eventsOf(lifecycle)) {
          const next = rowOf(lifecycle, state)[event];
          if (next === undefined) expectRefusal(lifecycle, state, event);
          else assert.deepEqual(transition(lifecycle, state, event), { ok: true, next });
        }
    });
  }

  it('refuses any name that is no event of the state, prototype keys included', () => {
    const name = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
    );
    const pair = fc
      .constantFrom(...lifecycles)
      .chain((lifecycle) => fc.tuple(fc.constant(lifecycle), fc.constantFrom(...statesOf(lifecycle)), name));
    fc.assert(
      fc.property(pair, ([lifecycle, state, event]) => {
        fc.pre(!Object.hasOwn(rowOf(lifecycle, state), event));
        expectRefusal(lifecycle, state, event);
      }),
    );
  });

  it('refuses from a state the table does not know, allowing nothing', () => {
    const refused = transition(invoiceLifecycle, 'toString' as 'draft', 'issue');
    assert.deepEqual(refused.ok ? [] : refused.allowed, []);
    assert.equal(refused.ok, false);
  });
});

describe('allowedTransitions', () => {
  it('lists a state’s moves in table order, and none for a terminal state', () => {
    assert.deepEqual(allowedTransitions(expenseLifecycle, 'submitted'), [
      { event: 'approve', next: 'approved' },
      { event: 'reject', next: 'rejected' },
    ]);
    assert.deepEqual(allowedTransitions(expenseLifecycle, 'posted'), []);
  });

  for (const lifecycle of lifecycles) {
    it(`${lifecycle.name}: every state can be reached from ${lifecycle.initial}`, () => {
      const reached = new Set([lifecycle.initial]);
      for (let frontier = [lifecycle.initial]; frontier.length > 0;) {
        frontier = frontier
          .flatMap((state) => allowedTransitions(lifecycle, state).map((t) => t.next))
          .filter((next) => !reached.has(next));
        for (const state of frontier) reached.add(state);
      }
      assert.deepEqual([...reached].sort(), statesOf(lifecycle).sort());
    });
  }
});

describe('transitionAll', () => {
  /** A walk of legal moves from the initial state, and a name its last state refuses. */
  const walk = fc.constantFrom(...lifecycles).chain((lifecycle) =>
    fc
      .array(fc.nat(), { maxLength: 12 })
      .map((choices) => {
        let state = lifecycle.initial;
        const events: string[] = [];
        for (const choice of choices) {
          const moves = allowedTransitions(lifecycle, state);
          const move = moves[choice % Math.max(moves.length, 1)];
          if (!move) break;
          events.push(move.event);
          state = move.next;
        }
        return { lifecycle, events, end: state };
      })
      .chain((w) => {
        const refused = eventsOf(lifecycle).filter((e) => !Object.hasOwn(rowOf(lifecycle, w.end), e));
        return fc.constantFrom('not-an-event', ...refused).map((illegal) => ({ ...w, illegal }));
      }),
  );

  it('ends where the legal moves lead', () => {
    fc.assert(
      fc.property(walk, ({ lifecycle, events, end }) => {
        assert.deepEqual(transitionAll(lifecycle, lifecycle.initial, events), { ok: true, next: end });
      }),
    );
  });

  it('stops at the first refused event and reports it from the state reached', () => {
    fc.assert(
      fc.property(walk, ({ lifecycle, events, end, illegal }) => {
        const result = transitionAll(lifecycle, lifecycle.initial, [...events, illegal, ...events], 'X-1');
        assert.equal(result.ok, false);
        assert.deepEqual(result, transition(lifecycle, end, illegal, 'X-1'));
      }),
    );
  });
});

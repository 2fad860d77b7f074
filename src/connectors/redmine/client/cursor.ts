// The sweep's position, opaque to the pipeline: base64url JSON. A sweep reads projects, then users,
// then each remembered project's time entries page by page; `from` (the window's first work date) is
// fixed when the sweep starts so every page of one sweep compares the same window.
import { Type, type Static } from '@sinclair/typebox';
import { compileChecker } from '../../kit/schema-checker.ts';

const Count = Type.Integer({ minimum: 0, maximum: 1e12 });

export const SweepCursor = Type.Object(
  {
    v: Type.Literal(1),
    sweep: Type.Integer({ minimum: 1 }),
    /** Absent until the sweep's first page is read. */
    from: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })),
    phase: Type.Union([Type.Literal('projects'), Type.Literal('users'), Type.Literal('time')]),
    offset: Count,
    /** Time phase: the Redmine project being read, and the last entry id its earlier pages covered. */
    project: Type.Optional(Count),
    after: Type.Optional(Count),
  },
  { additionalProperties: false },
);
export type SweepCursor = Static<typeof SweepCursor>;

const check = compileChecker(SweepCursor);

export function encodeCursor(cursor: SweepCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): SweepCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = check(parsed);
  if (!checked.ok) throw new RangeError(`not a Redmine cursor: "${text.slice(0, 80)}"`);
  return checked.value;
}

/** Where a new sweep begins. */
export const sweepStart = (sweep: number): SweepCursor => ({ v: 1, sweep, phase: 'projects', offset: 0 });

// Tests that need a real server (Tryton, Redmine, PostgreSQL) ask here first. On a laptop without the
// server the suite is skipped with a line saying what and why; under CI (CI=true) a missing server is a
// failure, never a skip, because .ci/run starts every server the tests need.

export interface RealSystemProbe {
  /** Shown in the skip line, e.g. "Tryton". */
  readonly name: string;
  /** Where it was looked for, e.g. "http://127.0.0.1:8000". */
  readonly where: string;
  /** How to start it, e.g. "scripts/real-systems/tryton.sh start". */
  readonly howToStart: string;
  /** Resolves true when the server answers as expected; must not throw. */
  readonly isUp: () => Promise<boolean>;
}

/**
 * `false` when the server is up; otherwise the skip reason for node:test (`{ skip: await ... }`).
 * Under CI a missing server throws, so the run fails.
 */
export async function skipUnlessUp(probe: RealSystemProbe): Promise<false | string> {
  const up = await probe.isUp().catch(() => false);
  if (up) return false;
  const reason = `${probe.name} is not reachable at ${probe.where} (start it with ${probe.howToStart})`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}; under CI a missing server is a failure`);
  process.stderr.write(`# skipped: tests needing ${probe.name}: ${reason}\n`);
  return `needs ${probe.name}: ${reason}`;
}

/** True when `fetch` gets any answer within the deadline (a probe helper). */
export async function answers(url: string, init: RequestInit = {}, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

// Test files that share one real server take turns on it when what one file does would change what
// another reads (Tryton 6.0 loading a new database fails requests in flight; a Redmine sweep reads every
// user, so users another file creates meanwhile change its pages). A lock directory holds its owner's
// pid; a lock whose owner died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the server's turn; answers the release. */
export async function takeTurn(server: string): Promise<() => void> {
  const lock = join(tmpdir(), `ledgerline-${server}-tests.lock`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // the owner is between mkdir and writing its pid
      }
      if (Number.isInteger(owner) && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 10 min for ${lock}`);
      await sleep(200);
    }
  }
}

/** Takes the server's turn for the rest of this test file (released when its process exits). */
export async function holdTurnForThisFile(server: string): Promise<void> {
  const release = await takeTurn(server);
  process.once('exit', release);
}

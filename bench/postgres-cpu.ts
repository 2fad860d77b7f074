// CPU the PostgreSQL server spent, from /proc (Linux, server on this machine): the postmaster's own time,
// the time of its children that have exited (cutime + cstime, once it has reaped them) and of those still
// running (backends, WAL writer, checkpointer...). Every connection counts, not only the bench's: on a shared
// server it is an upper bound of what the run cost the server.
import { readFileSync, readdirSync } from 'node:fs';
import type pg from 'pg';

/** The postmaster: the parent of the backend serving `client`. */
export async function postmasterPid(client: pg.Client): Promise<number | undefined> {
  const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
  if (backend === undefined) return undefined;
  return statFields(backend)?.ppid;
}

interface Stat {
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly own: number;
  /** cutime + cstime: reaped children's, in clock ticks. */
  readonly children: number;
}

function statFields(pid: number | string): Stat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state ppid ... utime(11) stime(12) cutime(13) cstime(14).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      children: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** Seconds of CPU the server has used since it started, or undefined if /proc does not show it. */
export function postgresCpuSeconds(postmaster: number | undefined): number | undefined {
  if (postmaster === undefined) return undefined;
  const main = statFields(postmaster);
  if (!main) return undefined;
  let ticks = main.own + main.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = statFields(entry);
    if (child?.ppid === postmaster) ticks += child.own;
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

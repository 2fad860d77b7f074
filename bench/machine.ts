// The machine a figure was measured on, printed with every result.
import { readFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, release } from 'node:os';

export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${platform()} ${release()} ${arch()}, ${list.length} x ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
}

/**
 * CPU time (all cores, every process) the machine has been busy since boot, in seconds, from /proc/stat
 * (Linux). Less the benchmark's own processes over a run, it is what others took: the noise on a shared
 * machine.
 */
export function machineBusySeconds(): number | undefined {
  try {
    // user nice system idle iowait irq softirq steal (guest time is already in user): all but idle, iowait.
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9);
    const busy = fields.reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + Number(value)), 0);
    return busy / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

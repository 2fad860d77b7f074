// The machine a figure was measured on, printed with every result.
import { cpus, totalmem, platform, arch, release } from 'node:os';

export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${platform()} ${release()} ${arch()}, ${list.length} x ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
}

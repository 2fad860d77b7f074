// `npm run bench:floor -- --store sqlite|postgres --events N --workers N`: the raw-store floor alone
// (bench/floor/floor.ts), the same measurement `npm run bench` makes before its end-to-end run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressLine } from '../../src/demo/progress.ts';
import { root } from '../children.ts';
import { describeMachine } from '../machine.ts';
import { floorOptions, orExit } from '../options.ts';
import { runSchemaName } from '../postgres.ts';
import { formatFloor, measureFloor } from './floor.ts';

const options = orExit(() => floorOptions());
const progress = new ProgressLine();
const schema = `${runSchemaName()}_floor`;
process.stderr.write(`Machine: ${describeMachine()}\n`);
const floor = await measureFloor({ ...options, schema }, progress);
const result = { machine: describeMachine(), date: new Date().toISOString(), floor };
process.stdout.write(
  [
    '',
    `Ledgerline raw-store floor, ${result.date}`,
    `  machine          ${result.machine}`,
    ...formatFloor(floor),
    '',
  ].join('\n'),
);
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'floor-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
if (!floor.complete) process.exitCode = 1;

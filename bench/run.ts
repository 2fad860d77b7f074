// `npm run bench`: runs one workload, `--workload time` (the default: approved time only, the figures of
// docs/performance.md so far) or `--workload mixed` (time, expenses, milestones, invoices, payments and
// master data). Each workload reads the rest of the options itself.
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { workload: { type: 'string', default: 'time' } }, strict: false });
const workload = values.workload;
if (workload === 'mixed') await import('./mixed/run.ts');
else if (workload === 'time') await import('./time-run.ts');
else {
  process.stderr.write(`unknown workload "${String(workload)}": use --workload time or --workload mixed\n`);
  process.exit(2);
}

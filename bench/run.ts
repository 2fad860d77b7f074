// `npm run bench`: runs one workload, `--workload time` (the default: approved time only, on SQLite or
// PostgreSQL with --store and --workers) or `--workload mixed` (time, expenses, milestones, invoices,
// payments and master data; SQLite). Each workload reads the rest of the options itself.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { workload: { type: 'string', default: 'time' }, store: { type: 'string' } },
  strict: false,
});
const workload = values.workload;
if (workload === 'mixed' && values.store !== undefined && values.store !== 'sqlite') {
  process.stderr.write(
    'the mixed workload runs on SQLite only: leave out --store (or use --workload time)\n',
  );
  process.exit(2);
}
if (workload === 'mixed') await import('./mixed/run.ts');
else if (workload === 'time') await import('./time-run.ts');
else {
  process.stderr.write(`unknown workload "${String(workload)}": use --workload time or --workload mixed\n`);
  process.exit(2);
}

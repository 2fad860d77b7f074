// The mixed workload's result: the JSON kept in bench-results/mixed-latest.json and the lines printed.
import { formatCount } from '../../src/demo/progress.ts';
import type { StoreFigures } from './store-figures.ts';
import type { Check } from './verify.ts';

export interface MixedResult {
  readonly machine: string;
  readonly date: string;
  readonly scenario: string;
  readonly events: number;
  readonly completed: number;
  readonly endToEndSeconds: number;
  readonly eventsPerSecond: number;
  readonly intakeSeconds: number;
  readonly intakeEventsPerSecond: number;
  readonly workflows: StoreFigures['workflows'];
  /** CPU (user + system) per event of the run, from the start of intake to the last delivery. */
  readonly cpuMicrosPerEvent: Readonly<Record<'ledgerline' | 'erp' | 'psa' | 'loadGenerator', number | null>>;
  readonly peakRssMb: Readonly<Record<'ledgerline' | 'erp' | 'psa', number | null>>;
  /** CPU other processes took while the run was measured (the machine is shared). */
  readonly sharedMachine: {
    readonly otherCpuSeconds: number | null;
    readonly windowSeconds: number;
    readonly cores: number;
  };
  readonly stalled: boolean;
  readonly notCompleted: StoreFigures['notCompleted'];
  readonly deadLetters: StoreFigures['deadLetters'];
  readonly deliveries: StoreFigures['deliveries'];
  readonly checks: readonly Check[];
}

const pad = (text: string | number, width: number) =>
  (typeof text === 'number' ? formatCount(text) : text).padStart(width);

export function formatResult(r: MixedResult): string {
  const lines = [
    '',
    `Ledgerline mixed-workload benchmark, ${r.date}`,
    `  machine          ${r.machine}`,
    `  scenario         ${r.scenario}`,
    `  end to end       ${formatCount(r.completed)} of ${formatCount(r.events)} events completed in ${r.endToEndSeconds} s = ${formatCount(r.eventsPerSecond)} events/s`,
    `  intake           ${formatCount(r.events)} events accepted in ${r.intakeSeconds} s = ${formatCount(r.intakeEventsPerSecond)} events/s`,
    `  per workflow     intake -> completion latency; events/s over the whole run; when its last event completed`,
    `    ${'workflow'.padEnd(20)}${pad('events', 8)}${pad('done', 8)}${pad('events/s', 10)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('last at', 9)}`,
    ...r.workflows.map(
      (w) =>
        `    ${w.workflow.padEnd(20)}${pad(w.sent, 8)}${pad(w.completed, 8)}${pad(w.eventsPerSecond, 10)}${pad(w.latencyMs.p50, 9)}${pad(w.latencyMs.p90, 9)}${pad(w.latencyMs.p99, 9)}${pad(w.latencyMs.max, 9)}${pad(`${w.lastDoneSeconds} s`, 9)}`,
    ),
    `  CPU per event    ledgerline ${r.cpuMicrosPerEvent.ledgerline} us, sandbox ERP ${r.cpuMicrosPerEvent.erp} us, sandbox PSA ${r.cpuMicrosPerEvent.psa} us, load generator ${r.cpuMicrosPerEvent.loadGenerator} us (user + system)`,
    `  peak RSS         ledgerline ${r.peakRssMb.ledgerline} MB, sandbox ERP ${r.peakRssMb.erp} MB, sandbox PSA ${r.peakRssMb.psa} MB`,
    `  other processes  ${r.sharedMachine.otherCpuSeconds} s of CPU while the run was measured (${r.sharedMachine.windowSeconds} s on ${r.sharedMachine.cores} cores)`,
    `  deliveries       ${r.deliveries.map((d) => `${d.target} ${formatCount(d.rows)} (${d.retried} retried, ${d.dead} dead, ${d.pending} pending)`).join('; ')}`,
  ];
  if (r.stalled) lines.push('  STALLED          nothing moved for the stall window; see below');
  if (r.notCompleted.length === 0) lines.push('  not completed    none');
  else
    for (const n of r.notCompleted)
      lines.push(
        `  NOT COMPLETED    ${n.workflow} ${n.state} ${n.reasonCode ?? ''}: ${formatCount(n.count)} (e.g. ${n.example ?? 'no reason recorded'})`,
      );
  const letters = Object.entries(r.deadLetters);
  if (letters.length > 0)
    lines.push(`  dead letters     ${letters.map(([code, n]) => `${code} ${formatCount(n)}`).join(', ')}`);
  lines.push('  checks (ERP and PSA reports against what was sent)');
  for (const c of r.checks)
    lines.push(
      `    ${c.ok ? 'ok      ' : 'MISMATCH'} ${c.what}: ${c.actual}${c.ok ? '' : ` (expected ${c.expected})`}`,
    );
  lines.push('');
  return lines.join('\n');
}

// The time workload's result: the JSON kept in bench-results/latest.json and the lines printed.
import { formatCount } from '../src/demo/progress.ts';
import { formatFloor, type FloorResult } from './floor/floor.ts';
import type { StoreKind } from './options.ts';
import { formatOrder, type OrderCheck } from './order-check.ts';

export interface ProcessFigures {
  /**
   * `serve` (SQLite: the whole service), `api` (PostgreSQL: HTTP and intake), `worker-N`, `sandbox-erp`,
   * `postgresql` (the server: CPU only).
   */
  readonly name: string;
  readonly peakRssMb: number | null;
  /** CPU (user + system, all threads) per event, from the start of intake to the last posting. */
  readonly cpuMicrosPerEvent: number | null;
}

export interface TimeResult {
  readonly machine: string;
  readonly date: string;
  readonly scenario: string;
  readonly store: StoreKind;
  readonly storeWhere: string;
  readonly workers: number;
  /** SHA-256 of the request bodies sent: the same options give the same events, byte for byte. */
  readonly workloadDigest: string;
  readonly events: number;
  readonly completed: number;
  /** Events of the run in any state but completed (none in a good run). */
  readonly notCompleted: Readonly<Record<string, number>>;
  readonly stalled: boolean;
  readonly endToEndSeconds: number;
  readonly eventsPerSecond: number;
  readonly erpPostingsPerSecond: number;
  readonly intakeSeconds: number;
  readonly intakeEventsPerSecond: number;
  /** Offered load (events/s); 0: as fast as accepted. */
  readonly rate: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly cpuMicrosPerEvent: {
    /** Every Ledgerline process together. */
    readonly ledgerline: number | null;
    readonly erp: number | null;
    /** The PostgreSQL server, all its processes (every connection's, on a shared server). */
    readonly postgres: number | null;
    readonly loadGenerator: number;
  };
  /** The largest peak RSS of a Ledgerline process (the per-process budget is what matters). */
  readonly peakRssMb: number | null;
  readonly erpPeakRssMb: number | null;
  readonly processes: readonly ProcessFigures[];
  /** CPU other processes took while the run was measured (the machine is shared). */
  readonly sharedMachine: { readonly otherCpuSeconds: number | null; readonly windowSeconds: number };
  readonly erp: {
    readonly billingLines: number;
    readonly costPostings: number;
    readonly duplicateSourceRefs: number;
    readonly replays: number;
  };
  readonly order: OrderCheck | null;
  readonly floor: FloorResult | null;
  /** Ledgerline's end-to-end events/s as a percentage of the floor's (throughput runs only). */
  readonly percentOfFloor: number | null;
}

export function formatTimeResult(r: TimeResult): string {
  const processes = r.processes
    .map(
      (p) =>
        `${p.name} ${p.peakRssMb === null ? '-' : `${p.peakRssMb} MB`} / ${p.cpuMicrosPerEvent ?? '?'} us`,
    )
    .join(', ');
  const other = Object.entries(r.notCompleted)
    .map(([state, n]) => `${formatCount(n)} ${state}`)
    .join(', ');
  const lines = [
    '',
    `Ledgerline benchmark, ${r.date}`,
    `  machine          ${r.machine}`,
    `  scenario         ${r.scenario}`,
    `  store            ${r.storeWhere}; ${r.store === 'postgres' ? `1 API process + ${r.workers} worker process${r.workers === 1 ? '' : 'es'}` : 'one serve process'}`,
    `  workload         ${formatCount(r.events)} events, digest ${r.workloadDigest.slice(0, 16)}`,
    `  end to end       ${formatCount(r.completed)} events in ${r.endToEndSeconds} s = ${formatCount(r.eventsPerSecond)} events/s (${formatCount(r.erpPostingsPerSecond)} ERP postings/s)${r.stalled ? '  STALLED' : ''}`,
    ...(other === '' ? [] : [`  not completed    ${other}`]),
    `  intake           ${formatCount(r.events)} events accepted in ${r.intakeSeconds} s = ${formatCount(r.intakeEventsPerSecond)} events/s${r.rate > 0 ? ` (offered ${formatCount(r.rate)}/s)` : ''}`,
    `  latency          intake -> confirmed posting p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `  CPU per event    ledgerline ${r.cpuMicrosPerEvent.ledgerline ?? '?'} us (all processes), sandbox ERP ${r.cpuMicrosPerEvent.erp ?? '?'} us, ${r.cpuMicrosPerEvent.postgres === null ? '' : `PostgreSQL server ${r.cpuMicrosPerEvent.postgres} us, `}load generator ${r.cpuMicrosPerEvent.loadGenerator} us (user + system, from the start of intake)`,
    `  per process      peak RSS / CPU per event: ${processes}`,
    `  other processes  ${r.sharedMachine.otherCpuSeconds ?? '?'} s of CPU during the ${r.sharedMachine.windowSeconds} s measured (shared machine)`,
    `  exactly once     ${formatCount(r.erp.costPostings)} cost postings, ${formatCount(r.erp.billingLines)} billable lines, ${r.erp.duplicateSourceRefs} sources posted twice, ${formatCount(r.erp.replays)} replays`,
    ...(r.order ? [`  order            ${formatOrder(r.order)}`] : []),
    ...(r.order?.examples ?? []).map((e) => `                   ${e}`),
    ...(r.floor ? formatFloor(r.floor) : ['  floor            not measured (--floor-events 0)']),
    r.percentOfFloor === null
      ? `  against floor    no ratio: ${r.rate > 0 ? 'the offered load sets the throughput' : 'no floor measured'}`
      : `  against floor    Ledgerline end to end = ${r.percentOfFloor} % of the raw-store floor${r.floor?.bare ? ` (${Math.round((100 * r.eventsPerSecond) / r.floor.bare.eventsPerSecond)} % of the bare floor)` : ''}`,
    '',
  ];
  return lines.join('\n');
}

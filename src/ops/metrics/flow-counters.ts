// Counters and histograms of what flows through the pipeline, fed by its typed bus. Deliveries made in
// the delivery thread reach this bus as relayed notices, so they are counted here, in the main registry.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PipelineBus, PipelineEvents } from '../../pipeline/bus.ts';

const decisionOutcome = {
  deliver: 'delivering',
  park: 'parked',
  reject: 'rejected',
  complete: 'completed',
} as const;

// Seconds, from a fast push to a posting that waited on a retry or master data.
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const callBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A thrown error's reason code when it names one; otherwise whether it was passing or not. */
function reasonOf(error: Error): string {
  const { reasonCode, retryable } = error as { reasonCode?: unknown; retryable?: unknown };
  if (typeof reasonCode === 'string') return reasonCode;
  return retryable === true ? 'transient' : 'exception';
}

export function createFlowCounters(registry: Registry) {
  const registers = [registry];
  const received = new Counter({
    name: 'ledgerline_events_received_total',
    help: 'Events accepted at intake, per type and source system',
    labelNames: ['type', 'source'] as const,
    registers,
  });
  const duplicates = new Counter({
    name: 'ledgerline_duplicates_dropped_total',
    help: 'Events refused at intake as duplicates of one already received (same source and id)',
    labelNames: ['type', 'source'] as const,
    registers,
  });
  const decided = new Counter({
    name: 'ledgerline_events_decided_total',
    help: 'Events decided, per type and outcome (delivering, parked, rejected, completed), with the reason code of a rejection',
    labelNames: ['type', 'outcome', 'reason_code'] as const,
    registers,
  });
  const deliveries = new Counter({
    name: 'ledgerline_deliveries_total',
    help: 'Outbox rows pushed, per target, kind and outcome (ok, replayed, retry, dead)',
    labelNames: ['target', 'kind', 'outcome'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'ledgerline_failures_total',
    help: 'Failures per stage and reason code: rejected decisions, deliveries retried or dead, failed steps',
    labelNames: ['stage', 'reason_code'] as const,
    registers,
  });
  const confirmed = new Counter({
    name: 'ledgerline_events_confirmed_total',
    help: 'Confirmation events written for fully delivered events (feedback such as TimePosted)',
    registers,
  });
  const latency = new Histogram({
    name: 'ledgerline_delivery_latency_seconds',
    help: "From an event's receipt to the target's acceptance of its delivery, per target",
    labelNames: ['target'] as const,
    buckets: latencyBuckets,
    registers,
  });
  const calls = new Histogram({
    name: 'ledgerline_target_api_duration_seconds',
    help: "Target API calls made by deliveries, per target and HTTP status code ('timeout' or 'network' when no answer came)",
    labelNames: ['target', 'status'] as const,
    buckets: callBuckets,
    registers,
  });

  const listeners = {
    'intake.committed': ({ events, outcomes }: PipelineEvents['intake.committed']) => {
      outcomes.forEach((outcome, i) => {
        const event = events[i]?.event;
        if (!event) return;
        (outcome.status === 'accepted' ? received : duplicates).inc({
          type: event.type,
          source: event.source,
        });
      });
    },
    'events.decided': ({ decisions, events }: PipelineEvents['events.decided']) => {
      decisions.forEach((decision, i) => {
        const reasonCode = decision.kind === 'reject' ? decision.reasonCode : '';
        decided.inc({
          type: events[i]?.event.type ?? 'unknown',
          outcome: decisionOutcome[decision.kind],
          reason_code: reasonCode,
        });
        if (decision.kind === 'reject') failures.inc({ stage: 'processor', reason_code: reasonCode });
      });
    },
    'deliveries.pushed': (pushed: PipelineEvents['deliveries.pushed']) => {
      const { target } = pushed;
      for (const row of pushed.rows) {
        deliveries.inc({ target, kind: row.kind, outcome: row.outcome }, row.count);
        if (row.reasonCode !== null)
          failures.inc({ stage: 'deliverer', reason_code: row.reasonCode }, row.count);
      }
      for (const ms of pushed.latenciesMs) latency.observe({ target }, ms / 1000);
      for (const call of pushed.calls) calls.observe({ target, status: call.status }, call.ms / 1000);
    },
    'events.confirmed': ({ count }: PipelineEvents['events.confirmed']) => confirmed.inc(count),
    'stage.failed': ({ stage, error }: PipelineEvents['stage.failed']) =>
      failures.inc({ stage, reason_code: reasonOf(error) }),
  };

  return {
    /** Counts what `bus` reports from now on; answers a function that stops it. */
    count(bus: PipelineBus): () => void {
      const off = [
        bus.on('intake.committed', listeners['intake.committed']),
        bus.on('events.decided', listeners['events.decided']),
        bus.on('deliveries.pushed', listeners['deliveries.pushed']),
        bus.on('events.confirmed', listeners['events.confirmed']),
        bus.on('stage.failed', listeners['stage.failed']),
      ];
      return () => off.forEach((stop) => stop());
    },
  };
}

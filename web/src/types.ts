// The admin API's answers as the console reads them (see /openapi.json for the full schemas).
export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export interface Overview {
  window: { from: string; to: string; bucketSeconds: number };
  throughput: {
    at: string;
    received: number;
    completed: number;
    delivered: number;
    latency: LatencySummary;
  }[];
  totals: { received: number; completed: number; delivered: number; latency: LatencySummary };
  latencyByType: (LatencySummary & { type: string })[];
  deliveryLatencyByTarget: (LatencySummary & { target: string; retried: number })[];
  queues: { of: string; queue: string; state: string; count: number; oldestAgeMs: number }[];
  counts: {
    events: Record<string, number>;
    deliveries: Record<string, number>;
    deliveryAttempts: number;
    deadLettersOpen: number;
    duplicatesRefused: number;
  };
}

export interface SlaStatus {
  domains: {
    domain: string;
    objective: string;
    objectiveMs: number;
    open: number;
    breaching: number;
    oldestAgeMs: number | null;
    status: 'ok' | 'breached';
  }[];
}

export interface Alert {
  id: string;
  failureDomain: string;
  key: string;
  state: 'firing' | 'resolved';
  title: string;
  detail: string;
  firstAt: string;
  lastAt: string;
  count: number;
  routedTo: string[];
}

export interface Flow {
  workflow: string;
  domain: string | null;
  types: string[];
  received: number;
  completed: number;
  confirmed: number | null;
  inFlight: number;
  parked: number;
  rejected: number;
  dead: number;
  reasons: Record<string, number>;
}

export interface Facets {
  reasons: Record<string, number>;
  domains: Record<string, number>;
  entities: Record<string, number>;
}

export interface DeadLetter {
  id: number;
  eventSeq: number;
  reasonCode: string;
  message: string;
  state: 'open' | 'retried' | 'resolved';
  createdAt: number;
  note: string | null;
  eventId: string;
  eventType: string;
  subject: string;
  domain: string | null;
  entity: string | null;
}

export interface DeadLetterDetail {
  deadLetter: DeadLetter & { detail: unknown };
  event: { data?: unknown; type: string; source: string } | null;
  delivery: {
    target: string;
    kind: string;
    state: string;
    attempts: number;
    lastError: string | null;
    reasonCode: string | null;
    commands: unknown;
  } | null;
}

export interface Parked {
  seq: number;
  eventId: string;
  type: string;
  subject: string;
  domain: string | null;
  entity: string | null;
  waitingFor: string;
  reason: string | null;
  receivedAt: string;
  ageMs: number;
}

export interface Stage {
  stage: string;
  title: string;
  status: 'done' | 'waiting' | 'failed';
  at: string | null;
  system: string | null;
  detail: string;
  ids: { label: string; value: string }[];
  attempts: number | null;
}

export interface LineageAnswer {
  matches: {
    seq: number;
    eventId: string;
    type: string;
    subject: string;
    state: string;
    receivedAt: string;
  }[];
  seq: number;
  event: { type: string; source: string; data: unknown };
  stages: Stage[];
}

export interface SignOff {
  seq: number;
  period: string;
  entity: string | null;
  signedBy: string;
  signedAt: string;
  differences: number;
  acceptedDifferences: string | null;
  chainOk: boolean;
  chainProblem: string | null;
}

export interface Reconciliation {
  customerMaster: {
    lastRun: { at: string; ok: boolean; customers: number; drifted: number; missing: number } | null;
    resyncRequests: {
      seq: number;
      eventId: string;
      subject: string;
      state: string;
      receivedAt: string;
      data: unknown;
    }[];
  };
  signOffs: SignOff[];
}

export interface HoursBucket {
  entries: number;
  hours: string;
}

export interface UnbilledTime {
  invoiceLinks: 'time-entries' | 'project-and-date' | 'none';
  entities: {
    entity: string;
    billable: HoursBucket;
    notPosted: HoursBucket;
    postedNotInvoiced: HoursBucket;
    invoiced: HoursBucket;
  }[];
  notPosted: {
    subject: string;
    entity: string;
    state: string;
    reason: string | null;
    workDate: string | null;
    hours: string;
    ageMs: number;
  }[];
}

export interface Failures {
  total: number;
  byReason: { reasonCode: string; count: number; entities: Record<string, number> }[];
  items: {
    seq: number;
    subject: string;
    entity: string;
    state: string;
    reasonCode: string | null;
    reason: string | null;
    receivedAt: string;
    fixedSince: boolean;
  }[];
}

export interface InvoiceDelays {
  entities: { entity: string; delivered: LatencySummary; pending: number; oldestPendingMs: number | null }[];
}

/** A period reconciliation run (`ledgerline reconcile --period P --config F`), as /runs lists it. */
export interface ReconciliationRunSummary {
  id: number;
  period: string;
  entity: string | null;
  ranAt: string;
  ranBy: string;
  sourceSystem: string;
  targetSystem: string;
  ok: boolean;
  /** More differences than were stored: `counts` has them all. */
  truncated: boolean;
  counts: Record<string, number>;
  differences: number;
}

/** One side of a key, netted (decimal strings, never numbers). */
export interface DifferenceSide {
  count: number;
  hours: string;
  amount: string;
  currency: string;
  period: string;
  amountUnknown?: true;
}

export interface ReconciliationRunDetail extends ReconciliationRunSummary {
  totals: { records?: { source?: number; target?: number }; keys?: number };
  differenceList: {
    class: string;
    key: string;
    entity: string;
    source: DifferenceSide | null;
    target: DifferenceSide | null;
    amountDifference: string;
  }[];
}

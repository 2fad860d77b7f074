// What the SLA monitor and the alert router read and keep in the store (issue 7, SLA timers and alert
// routing). Kept out of port.ts so the port grows by one block; see docs/adr/0016-sla-and-alert-routing.md.

/** Events of one type not yet completed (accepted, parked or delivering). */
export interface OpenWork {
  readonly type: string;
  readonly open: number;
  /** Wall-clock ms when the oldest of them was received. */
  readonly oldestReceivedAt: number;
}

/** Pending deliveries that have failed at least once, by target and the reason of their last failure. */
export interface RetryingDeliveries {
  readonly target: string;
  readonly reasonCode: string;
  readonly count: number;
}

export type AlertState = 'firing' | 'resolved';

/** One occurrence (or several) of a condition, as the alert router raises it. */
export interface NewAlert {
  /** The condition: at most one firing alert per key, repeats bump its count. */
  readonly key: string;
  readonly failureDomain: string;
  readonly title: string;
  readonly detail: string;
  /** Channel names the alert is routed to, fixed when it opens. */
  readonly routedTo: readonly string[];
  readonly at: number;
  /** How many occurrences this raise stands for (at least 1). */
  readonly occurrences: number;
}

export interface StoredAlert {
  readonly id: number;
  readonly key: string;
  readonly failureDomain: string;
  readonly state: AlertState;
  readonly title: string;
  readonly detail: string;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly count: number;
  readonly routedTo: readonly string[];
  readonly resolvedAt: number | null;
}

/** `opened`: no alert of this key was firing, so this one is new and its channels are to be told. */
export interface RaisedAlert {
  readonly alert: StoredAlert;
  readonly opened: boolean;
}

export interface AlertFilter {
  readonly state?: AlertState;
  readonly limit: number;
}

export interface AlertRow {
  id: number;
  key: string;
  failure_domain: string;
  state: AlertState;
  title: string;
  detail: string;
  first_at: number;
  last_at: number;
  count: number;
  routed_to: string;
  resolved_at: number | null;
}

export const alertColumns =
  'id, key, failure_domain, state, title, detail, first_at, last_at, count, routed_to, resolved_at';

export function toStoredAlert(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    key: row.key,
    failureDomain: row.failure_domain,
    state: row.state,
    title: row.title,
    detail: row.detail,
    firstAt: row.first_at,
    lastAt: row.last_at,
    count: row.count,
    routedTo: JSON.parse(row.routed_to) as string[],
    resolvedAt: row.resolved_at,
  };
}

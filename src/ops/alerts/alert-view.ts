// An alert as the admin API and the notifications show it: timestamps as ISO 8601 instants.
import type { StoredAlert } from '../../store/ops-port.ts';
import type { FailureDomain } from './failure-domain.ts';

export interface AlertView {
  readonly id: string;
  readonly failureDomain: FailureDomain;
  readonly key: string;
  readonly state: 'firing' | 'resolved';
  readonly title: string;
  readonly detail: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly count: number;
  readonly routedTo: readonly string[];
}

export function alertView(alert: StoredAlert): AlertView {
  return {
    id: String(alert.id),
    failureDomain: alert.failureDomain as FailureDomain,
    key: alert.key,
    state: alert.state,
    title: alert.title,
    detail: alert.detail,
    firstAt: new Date(alert.firstAt).toISOString(),
    lastAt: new Date(alert.lastAt).toISOString(),
    count: alert.count,
    routedTo: alert.routedTo,
  };
}

// Raises and resolves alerts: the store keeps one firing alert per condition key (so repeats, and the
// same condition met by several processes, add to it), and only an alert that opens, or recovers, is
// sent to the channels its failure domain is routed to.
import type { Logger } from 'pino';
import type { DataDomain } from '../../governance/domains.ts';
import type { Store } from '../../store/port.ts';
import type { StoredAlert } from '../../store/ops-port.ts';
import type { FailureDomain } from './failure-domain.ts';
import type { Notifier } from './notifier.ts';
import type { AlertSettings } from './settings.ts';

export interface AlertSignal {
  /** The condition, e.g. `dead-letter:erp.unknown_project` or `sla:time`. */
  readonly key: string;
  readonly domain: FailureDomain;
  /** For an SLA alert: the data domain, whose owner it goes to. */
  readonly dataDomain?: DataDomain;
  readonly title: string;
  readonly detail: string;
  readonly occurrences?: number;
  readonly at?: number;
}

export class AlertRouter {
  readonly #store: Store;
  readonly #settings: AlertSettings;
  readonly #notifier: Notifier;
  readonly #logger: Logger;

  constructor(deps: { store: Store; settings: AlertSettings; notifier: Notifier; logger: Logger }) {
    this.#store = deps.store;
    this.#settings = deps.settings;
    this.#notifier = deps.notifier;
    this.#logger = deps.logger;
  }

  async raise(signal: AlertSignal): Promise<StoredAlert> {
    const { alert, opened } = await this.#store.raiseAlert({
      key: signal.key,
      failureDomain: signal.domain,
      title: signal.title,
      detail: signal.detail,
      routedTo: this.#settings.routeOf(signal.domain, signal.dataDomain),
      at: signal.at ?? Date.now(),
      occurrences: signal.occurrences ?? 1,
    });
    if (opened) {
      this.#logger.warn(
        { alert: alert.key, domain: alert.failureDomain, routedTo: alert.routedTo },
        alert.title,
      );
      this.#notifier.notify(alert.routedTo, 'firing', alert);
    }
    return alert;
  }

  /** Sends the recovery notice to where the alert went; nothing when the key was not firing. */
  async resolve(key: string, at = Date.now()): Promise<StoredAlert | undefined> {
    const alert = await this.#store.resolveAlert(key, at);
    if (alert) {
      this.#logger.info({ alert: alert.key, domain: alert.failureDomain }, `recovered: ${alert.title}`);
      this.#notifier.notify(alert.routedTo, 'resolved', alert);
    }
    return alert;
  }

  firing(): Promise<StoredAlert[]> {
    return this.#store.listAlerts({ state: 'firing', limit: 10_000 });
  }
}

// Which queue an event waits in: its domain's queue class, as governance configures it (master data or
// transactions), so that a backlog of one never delays the other.
import { domainOfEventType } from '../governance/domain-of.ts';
import { defaultQueueClass } from '../governance/domains.ts';
import type { Governance } from '../governance/model.ts';
import type { QueueClass } from '../store/port.ts';

export type QueueOf = (eventType: string) => QueueClass;

export function queueClassifier(governance?: Governance): QueueOf {
  const known = new Map<string, QueueClass>();
  return (type) => {
    let queue = known.get(type);
    if (queue === undefined) {
      const domain = domainOfEventType(type);
      // An event of no known domain is refused by the processor; it waits with the transactions.
      queue =
        domain === undefined
          ? 'transactional'
          : (governance?.domains[domain].queue ?? defaultQueueClass[domain]);
      known.set(type, queue);
    }
    return queue;
  };
}

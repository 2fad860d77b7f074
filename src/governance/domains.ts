// The data domains that governance covers, and what kind of sync each one is. Master data is what
// transactions refer to; it runs in its own queue so a backlog of time or invoices never delays the
// project or customer that the next transaction waits for.

export const dataDomains = [
  'customer',
  'project',
  'opportunity',
  'task',
  'contract',
  'rate-card',
  'resource',
  'time',
  'expense',
  'milestone',
  'billing-schedule',
  'invoice',
  'payment',
  'reference-data',
] as const;
export type DataDomain = (typeof dataDomains)[number];

export type QueueClass = 'master' | 'transactional';

/** Milestones are transactional: what syncs is their completion, which releases billing. */
export const defaultQueueClass: Readonly<Record<DataDomain, QueueClass>> = {
  customer: 'master',
  project: 'master',
  opportunity: 'master',
  task: 'master',
  contract: 'master',
  'rate-card': 'master',
  resource: 'master',
  time: 'transactional',
  expense: 'transactional',
  milestone: 'transactional',
  'billing-schedule': 'master',
  invoice: 'transactional',
  payment: 'transactional',
  'reference-data': 'master',
};

/** Master data must arrive before the transactions that wait for it, so its default window is shorter. */
export const defaultLatency: Readonly<Record<QueueClass, string>> = {
  master: '5m',
  transactional: '15m',
};

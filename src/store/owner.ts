// A process's name among the processes sharing a store, for its leases: host, pid and a random suffix, so
// a restarted process (same host, perhaps the same pid) never passes for the one before it.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

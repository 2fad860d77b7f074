// What the route handlers share. `state` is replaced wholesale on reset, so handlers read it per request.
import type { ErpState } from './erp-state.ts';
import type { FaultInjector } from './fault-injector.ts';

export interface ServerContext {
  state: ErpState;
  readonly faults: FaultInjector;
  /** Idempotency keys of writes still being processed (only while a latency fault holds them). */
  readonly keysInFlight: Set<string>;
  /** Tells the state file that something changed. */
  readonly changed: () => void;
}

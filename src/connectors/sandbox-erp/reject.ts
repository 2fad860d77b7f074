import type { ErpState } from './erp-state.ts';
import type { OperationResult } from './wire.ts';

/** A refused operation: counted by its code in the report, and answered with it. */
export function reject(state: ErpState, status: 409 | 422, code: string, message: string): OperationResult {
  state.countRejected(code);
  return { status, error: { code, message } };
}

// What the command mappings share: the result type, billing methods and the customer reference.
import type { BillingModel } from '../../contracts/index.ts';
import type { PushResult } from '../kit/connector.ts';
import type { BatchOperation, BillingMethod } from './wire.ts';

export type MappedCommand =
  | { readonly ok: true; readonly operation: BatchOperation }
  | { readonly ok: false; readonly result: PushResult };

export const billingMethods: Readonly<Record<BillingModel, BillingMethod>> = {
  'time-and-materials': 'time_and_materials',
  'fixed-fee': 'fixed_fee',
  retainer: 'retainer',
  'non-billable': 'non_billable',
};

/**
 * A customer in this ERP's own id space (`customer:<system>:<party code>`) is sent as its party code, so
 * the ERP can invoice it; any other customer id is sent whole, as the client's reference.
 */
export function customerRef(customerId: string, system: string): string {
  const prefix = `customer:${system}:`;
  return customerId.startsWith(prefix) ? customerId.slice(prefix.length) : customerId;
}

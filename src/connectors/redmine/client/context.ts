// What the mapping needs besides the Redmine record: the system name, the resolved custom field ids and
// the defaults for what a Redmine record leaves unset.
import type { BillingModel, Money, TaxTreatment } from '../../../contracts/index.ts';
import type { FieldIds } from './custom-fields.ts';

export interface ProjectDefaults {
  readonly legalEntityId?: string;
  readonly currency?: string;
  readonly taxTreatment?: TaxTreatment;
  readonly billingModel?: BillingModel;
}

export interface ResourceDefaults {
  /** For a user whose Cost rate field is empty. */
  readonly costRate?: Money;
  /** The currency of the Cost rate field; default: costRate's currency, else the project default's. */
  readonly currency?: string;
}

export interface MapContext {
  readonly system: string;
  readonly fields: FieldIds;
  readonly projectDefaults: ProjectDefaults;
  readonly resourceDefaults: ResourceDefaults;
  /** `approvedBy` of every approval: Redmine records no approver. */
  readonly approver: string;
}

export type Mapped<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const canonicalId = (
  kind: 'project' | 'resource' | 'time' | 'customer',
  system: string,
  native: string | number,
) => `${kind}:${system}:${native}`;

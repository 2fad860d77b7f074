// Canonical commands the pipeline asks a target system to carry out. Amounts are already computed and
// rounded by the domain; a connector only translates them to the vendor's shape.
import type { Hours, Money, Project } from '../../contracts/index.ts';
import type { Static } from '@sinclair/typebox';

export interface ProvisionProject {
  readonly kind: 'provisionProject';
  readonly idempotencyKey: string;
  readonly project: Required<Pick<Project, 'legalEntityId' | 'currency' | 'taxTreatment' | 'billingModel'>> &
    Project;
}

export interface PostBillableLine {
  readonly kind: 'postBillableLine';
  readonly idempotencyKey: string;
  readonly timeEntryId: string;
  readonly projectId: string;
  /** The target's own id of the project, from the cross-reference. */
  readonly projectExternalId: string;
  readonly resourceId: string;
  readonly workDate: string;
  readonly hours: Static<typeof Hours>;
  readonly rate: Money;
  readonly amount: Money;
  readonly description: string;
}

export interface PostCost {
  readonly kind: 'postCost';
  readonly idempotencyKey: string;
  readonly timeEntryId: string;
  readonly projectId: string;
  readonly projectExternalId: string;
  readonly resourceId: string;
  readonly workDate: string;
  readonly hours: Static<typeof Hours>;
  readonly costRate: Money;
  readonly amount: Money;
}

export type TargetCommand = ProvisionProject | PostBillableLine | PostCost;
export type TargetCommandKind = TargetCommand['kind'];

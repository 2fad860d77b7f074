// The run-time ownership rule: a write from a system that does not own the data is refused, with a reason
// code and a message a business user can act on, and is recorded as a governance conflict, never applied.
import type { DataDomain } from './domains.ts';
import type { DomainGovernance, Governance } from './model.ts';

export type GovernanceReasonCode = 'governance.not_owner' | 'governance.field_not_owned';

export interface WriteAttempt {
  readonly domain: DataDomain;
  readonly sourceSystem: string;
  /** The fields the write sets or changes (every field it carries, for a create). */
  readonly changedFields: readonly string[];
  /** The `<system>` part of the object's canonical id; needed when a domain has several systems of record. */
  readonly idSpace?: string;
}

export type WriteDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reasonCode: GovernanceReasonCode;
      readonly message: string;
      readonly domain: DataDomain;
      readonly sourceSystem: string;
      /** Who owns what was refused: the object's system of record, or the owners of the refused fields. */
      readonly owners: readonly string[];
      readonly refusedFields: readonly string[];
    };

const allowed: WriteDecision = { allowed: true };

export function checkWrite(governance: Governance, attempt: WriteAttempt): WriteDecision {
  const policy = governance.domains[attempt.domain];
  return policy.direction === 'one-way' ? checkOneWay(policy, attempt) : checkBidirectional(policy, attempt);
}

/** One-way: only the system of record writes; with several, only the one whose id space the object is in. */
function checkOneWay(policy: DomainGovernance, attempt: WriteAttempt): WriteDecision {
  const { domain, sourceSystem: writer, changedFields } = attempt;
  const records = policy.systemsOfRecord;
  let owner = records[0];
  if (records.length > 1) {
    if (attempt.idSpace === undefined)
      throw new Error(`checkWrite: ${domain} has several systems of record; pass the object's idSpace`);
    owner = records.includes(attempt.idSpace) ? attempt.idSpace : undefined;
  }
  if (owner === writer) return allowed;
  const what = changedFields.length === 0 ? domain : `${domain} ${changedFields.join(', ')}`;
  const message =
    owner === undefined
      ? `${domain} in the id space of ${attempt.idSpace ?? '?'} has no system of record here (the systems ` +
        `of record are ${records.join(', ')}, each for its own id space); ${writer} may not write it`
      : `${what} ${changedFields.length > 1 ? 'are' : 'is'} owned by ${owner}, the system of record ` +
        `(one-way); ${writer} may not change ${changedFields.length > 1 ? 'them' : 'it'}`;
  return refusal(
    'governance.not_owner',
    attempt,
    owner === undefined ? records : [owner],
    changedFields,
    message,
  );
}

/** Bidirectional: a system of entry may change the fields it owns; unlisted fields belong to the record. */
function checkBidirectional(policy: DomainGovernance, attempt: WriteAttempt): WriteDecision {
  const { domain, sourceSystem: writer, changedFields } = attempt;
  const record = policy.systemsOfRecord[0] ?? '';
  if (!policy.systemsOfEntry.includes(writer))
    return refusal(
      'governance.not_owner',
      attempt,
      [record],
      changedFields,
      `${writer} is not a system of entry for ${domain} (${policy.systemsOfEntry.join(', ')}); ` +
        `${writer} may not change it`,
    );
  const refused = changedFields
    .map((field) => ({ field, owner: policy.fieldOwnership.get(field) ?? record }))
    .filter((f) => f.owner !== writer);
  if (refused.length === 0) return allowed;
  const owned = refused.map((f) => `${f.field} is owned by ${f.owner}`).join(', ');
  return refusal(
    'governance.field_not_owned',
    attempt,
    [...new Set(refused.map((f) => f.owner))],
    refused.map((f) => f.field),
    `${domain} ${owned}; ${writer} may not change ${refused.length > 1 ? 'them' : 'it'}`,
  );
}

function refusal(
  reasonCode: GovernanceReasonCode,
  attempt: WriteAttempt,
  owners: readonly string[],
  refusedFields: readonly string[],
  message: string,
): WriteDecision {
  return {
    allowed: false,
    reasonCode,
    message,
    domain: attempt.domain,
    sourceSystem: attempt.sourceSystem,
    owners,
    refusedFields,
  };
}

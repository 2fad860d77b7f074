// Four eyes on governance (issue 8, `security.secondApprover`): the part of the configuration that says
// who owns which data and how postings are booked (governance, the finance policy, the legal entities),
// and who counts as one person (`security.people`), is identified by a digest; one actor proposes it,
// another approves it, both in the audit log; a service configured so starts only with an approved digest. Connection details (URLs, secret references) are
// not part of it: moving a system to a new host is not a governance change.
import type { Config } from '../config/schema.ts';
import { canonicalJson, sha256 } from '../reconcile/sign-off.ts';
import type { AuditEntry } from '../store/audit-port.ts';
import type { Store } from '../store/port.ts';

const pageSize = 1_000;

/** A start refused for want of a second approver: `serve` prints its message, not a stack. */
export class UnapprovedConfigError extends Error {
  override readonly name = 'UnapprovedConfigError';
}

export function governanceDigest(config: Config): string {
  return sha256(
    canonicalJson({
      governance: config.governance ?? null,
      finance: config.finance ?? null,
      legalEntities: config.legalEntities,
      // Who counts as one person decides who may approve: changing it is a governance change too. Only
      // when set, so the digests of configurations without it stay what they were.
      ...(config.security?.people === undefined ? {} : { people: config.security.people }),
    }),
  );
}

export interface DigestHistory {
  /** Who proposed this digest, oldest first. */
  readonly proposedBy: readonly string[];
  /** Who approved it, oldest first. */
  readonly approvedBy: readonly string[];
}

/** Reads the audit log for proposals and approvals of `digest`. Rare (start, propose, approve): a scan. */
export async function historyOf(store: Pick<Store, 'listAudit'>, digest: string): Promise<DigestHistory> {
  const proposedBy: string[] = [];
  const approvedBy: string[] = [];
  for (let after = 0; ;) {
    const page: AuditEntry[] = await store.listAudit(after, pageSize);
    for (const e of page) {
      if (e.subject !== `governance:${digest}`) continue;
      if (e.action === 'config.proposed') proposedBy.push(e.actor);
      if (e.action === 'config.approved') approvedBy.push(e.actor);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) break;
    after = last.seq;
  }
  return { proposedBy, approvedBy };
}

/** Why a service with this configuration may not start; undefined when it may. */
export async function unapprovedProblem(
  store: Pick<Store, 'listAudit'>,
  config: Config,
): Promise<string | undefined> {
  if (config.security?.secondApprover !== true) return undefined;
  const digest = governanceDigest(config);
  const history = await historyOf(store, digest);
  if (history.approvedBy.length > 0) return undefined;
  return (
    `security.secondApprover is on and this configuration's governance (digest ${digest}) is not approved: ` +
    (history.proposedBy.length === 0
      ? 'propose it with `ledgerline config propose --config FILE`, then '
      : `proposed by ${history.proposedBy.join(', ')}; `) +
    'another person approves it with `ledgerline config approve --config FILE`'
  );
}

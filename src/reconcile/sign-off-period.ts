// Signing a reconciled period off, the same way from the CLI and from the admin API: refused while
// differences are open (unless the signer accepts them, with a reason), refused to whoever ran the
// period's corrections (segregation of duties), otherwise appended to the chained sign-offs and audited.
import type { Store, StoredSignOff } from '../store/port.ts';
import type { ReconciledRun } from './read-systems.ts';
import { auditEntry } from '../audit/record.ts';
import { correctorsOf } from './segregation.ts';
import { signOffAfter } from './sign-off.ts';
import type { People } from '../security/people.ts';

export interface SignOffAsk {
  /** The name on the sign-off: a person's name at the CLI (--by), the principal over HTTP. */
  readonly signedBy: string;
  /** Who acts, for the audit log and the segregation check (`cli:<user>`, `apikey:<id>`, ...). */
  readonly actor: string;
  /** Which identities are one person: a corrector under another identity is still the corrector. */
  readonly people: People;
  /** Why it is signed with differences open. */
  readonly acceptedDifferences?: string;
  readonly at: Date;
}

export type SignOffOutcome =
  | { readonly kind: 'signed'; readonly signOff: StoredSignOff }
  | { readonly kind: 'differences-open'; readonly differences: number }
  /** `corrector`: the identity under which the signer's corrections were recorded. */
  | { readonly kind: 'segregation'; readonly corrector: string };

export async function signOffPeriod(
  store: Pick<Store, 'appendSignOff' | 'appendAudit' | 'listAudit'>,
  { report, context }: ReconciledRun,
  ask: SignOffAsk,
): Promise<SignOffOutcome> {
  if (!report.ok && ask.acceptedDifferences === undefined)
    return { kind: 'differences-open', differences: report.differences.length };
  const corrector = (await correctorsOf(store, report.period, report.entity)).find((c) =>
    ask.people.samePerson(c, ask.actor),
  );
  if (corrector !== undefined) return { kind: 'segregation', corrector };
  const signOff = await store.appendSignOff(
    signOffAfter({
      report,
      sides: { source: context.source, target: context.target },
      signedBy: ask.signedBy,
      signedAt: ask.at,
      ...(report.ok || ask.acceptedDifferences === undefined
        ? {}
        : { acceptedDifferences: ask.acceptedDifferences }),
    }),
  );
  await store.appendAudit([
    auditEntry(ask.actor, 'sign-off.recorded', `sign-off:${signOff.seq}`, {
      period: signOff.period,
      entity: signOff.entity,
      signedBy: signOff.signedBy,
      differences: signOff.differences,
      sha256: signOff.sha256,
    }),
  ]);
  return { kind: 'signed', signOff };
}

// An explanation as an operator reads it on a terminal.
import type { PostingExplanation } from './explain-posting.ts';

const short = (digest: string | null): string => (digest === null ? '(none)' : digest);
const value = (v: unknown): string =>
  typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v
    ? `${String((v as { amount: unknown }).amount)} ${String((v as { currency: unknown }).currency)}`
    : typeof v === 'string'
      ? v
      : JSON.stringify(v);
const fields = (values: Readonly<Record<string, unknown>>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k} ${value(v)}`)
    .join(', ');

/** The few fields of a reference record that priced or booked the posting (the rest: --json). */
function referenceOf(key: string, data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const kind = key.split('|')[0];
  const picked =
    kind === 'project'
      ? ['legalEntityId', 'currency', 'taxCode', 'billingModel']
      : kind === 'resource'
        ? ['costRate', 'role']
        : [];
  const record = data as Record<string, unknown>;
  const shown = picked.filter((f) => record[f] !== undefined).map((f) => `${f} ${value(record[f])}`);
  return shown.length === 0 ? '' : `: ${shown.join(', ')}`;
}

export function explanationText(e: PostingExplanation): string {
  const lines: string[] = [];
  const p = e.posting;
  lines.push(
    `Posting ${p.seq}: ${p.kind} to ${p.target}, key ${p.idempotencyKey}, ${p.state}${p.deliveredAt ? ` at ${p.deliveredAt}` : ''}`,
  );
  if (e.source) {
    const s = e.source;
    lines.push(`Source: ${s.type} ${s.id} from ${s.system} (event seq ${s.seq}, received ${s.receivedAt})`);
    lines.push(`  approved: ${fields(s.approved)}`);
  } else lines.push('Source: (missing)');
  lines.push(
    e.sourceRemoved
      ? `Approval digest: carried ${short(e.digest.carried)}; source ${e.sourceRemoved.how}${e.sourceRemoved.at ? ` on ${e.sourceRemoved.at}` : ''}, not recomputable`
      : `Approval digest: carried ${short(e.digest.carried)}, recomputed ${short(e.digest.recomputed)}: ${e.digest.matches ? 'match' : 'MISMATCH'}`,
  );
  lines.push('Posted:');
  for (const c of e.posted)
    lines.push(
      `  ${c.kind} ${c.idempotencyKey}${c.externalId ? ` (ERP id ${c.externalId})` : ''}: ${fields(c.values)}`,
    );
  const d = e.derivation;
  lines.push(
    `Derivation: decide logic version ${d.version ?? '(unknown)'} (this is ${d.currentVersion}), configuration ${short(d.configDigest)}`,
  );
  if (d.legalEntity !== null) lines.push(`  legal entity: ${JSON.stringify(d.legalEntity)}`);
  for (const [key, id] of Object.entries(d.xrefs)) lines.push(`  xref ${key} -> ${id ?? '(none)'}`);
  for (const m of d.master)
    lines.push(`  ${m.key} ${m.digest === null ? '(none)' : `${m.digest}${referenceOf(m.key, m.data)}`}`);
  lines.push(
    e.reDerived.outcome === 'identical'
      ? 'Re-derived: identical (byte for byte)'
      : `Re-derived: ${e.reDerived.outcome === 'different' ? 'DIFFERENT' : 'NOT POSSIBLE'}`,
  );
  for (const diff of e.reDerived.differences) lines.push(`  ${diff}`);
  lines.push(`Audit entries: ${e.audit.length === 0 ? '(none)' : ''}`);
  for (const a of e.audit) lines.push(`  ${a.seq} ${a.at} ${a.actor} ${a.action} ${a.subject}`);
  if (e.proven) lines.push('PROVEN: the approved event reached the target unaltered.');
  else if (e.sourceRemoved && e.problems.length === 0)
    lines.push(`NOT PROVABLE, nothing found altered: ${e.sourceRemoved.statement}.`);
  else {
    lines.push('NOT PROVEN:');
    if (e.sourceRemoved) lines.push(`  - ${e.sourceRemoved.statement}`);
  }
  for (const problem of e.problems) lines.push(`  - ${problem}`);
  return `${lines.join('\n')}\n`;
}

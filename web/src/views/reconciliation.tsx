// Reconciliation results: the customer master's last run and the records it found different (its resync
// requests), the period runs with their differences (reconciliation-runs.tsx), and the signed-off period
// reconciliations, each drillable to its signed totals.
import { useState } from 'preact/hooks';
import { Pill, Section, Show, TableHead } from '../components.tsx';
import { when } from '../format.ts';
import type { Reconciliation, SignOff } from '../types.ts';
import { useFetch } from '../use-fetch.ts';
import { ReconciliationRuns } from './reconciliation-runs.tsx';
import { SignOffForm } from './sign-off-form.tsx';

interface SignedTotals {
  source?: string;
  target?: string;
  records?: { source?: number; target?: number };
  keys?: number;
  differences?: Record<string, number>;
}

function SignOffDetail(props: { seq: number }) {
  const [detail] = useFetch<SignOff & { totals: SignedTotals }>(
    `/v1/admin/reconciliation/sign-offs/${props.seq}`,
  );
  return (
    <Section title={`Sign-off ${props.seq}`}>
      <Show loaded={detail}>
        {(d) => (
          <>
            <dl>
              <dt>Compared</dt>
              <dd>
                {d.totals.source ?? '?'} ({d.totals.records?.source ?? '?'} records) with{' '}
                {d.totals.target ?? '?'} ({d.totals.records?.target ?? '?'} records)
              </dd>
              <dt>Keys</dt>
              <dd>{d.totals.keys ?? '–'}</dd>
              <dt>Accepted</dt>
              <dd>{d.acceptedDifferences ?? 'no differences were open'}</dd>
            </dl>
            <table>
              <caption>Differences when signed, by kind</caption>
              <TableHead columns={['Kind', 'Count']} />
              <tbody>
                {Object.entries(d.totals.differences ?? {}).map(([kind, n]) => (
                  <tr key={kind}>
                    <th scope="row">{kind.replace(/_/g, ' ')}</th>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <details>
              <summary>The signed totals as recorded</summary>
              <pre>{JSON.stringify(d.totals, null, 2)}</pre>
            </details>
          </>
        )}
      </Show>
    </Section>
  );
}

export function ReconciliationView() {
  const [data, reload] = useFetch<Reconciliation>('/v1/admin/reconciliation');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  return (
    <>
      <h1>Reconciliation</h1>
      <Show loaded={data}>
        {(r) => (
          <>
            <Section title="Customer master (ERP against each PSA)">
              {r.customerMaster.lastRun === null ? (
                <p class="muted">
                  No run since this Ledgerline started (reconcile.customers is off or has not run yet).
                </p>
              ) : (
                <p>
                  Last run {when(r.customerMaster.lastRun.at)}: {r.customerMaster.lastRun.customers}{' '}
                  customers, {r.customerMaster.lastRun.drifted} drifted, {r.customerMaster.lastRun.missing}{' '}
                  missing —{' '}
                  <Pill tone={r.customerMaster.lastRun.ok ? 'good' : 'bad'}>
                    {r.customerMaster.lastRun.ok ? 'in agreement' : 'differences'}
                  </Pill>
                </p>
              )}
              {r.customerMaster.resyncRequests.length === 0 ? (
                <p class="muted">No resync requests: no differing customer records were repaired.</p>
              ) : (
                <table>
                  <caption>Differing records sent again</caption>
                  <TableHead columns={['Customer', 'State', 'When', 'Why']} />
                  <tbody>
                    {r.customerMaster.resyncRequests.map((q) => (
                      <tr key={q.seq}>
                        <th scope="row">
                          <a href={`#/lineage?q=${encodeURIComponent(q.eventId)}`}>{q.subject}</a>
                        </th>
                        <td>{q.state}</td>
                        <td>{when(q.receivedAt)}</td>
                        <td>
                          <code>{JSON.stringify(q.data)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
            <ReconciliationRuns />
            <div class="grid-2">
              <Section title="Period sign-offs">
                {r.signOffs.length === 0 ? (
                  <p class="muted">
                    No period has been signed off (below, or `ledgerline reconcile sign-off`).
                  </p>
                ) : (
                  <table>
                    <TableHead columns={['Period', 'Entity', 'Signed by', 'Differences', 'Chain']} action />
                    <tbody>
                      {r.signOffs.map((s) => (
                        <tr key={s.seq}>
                          <th scope="row">{s.period}</th>
                          <td>{s.entity ?? 'all'}</td>
                          <td>
                            {s.signedBy}, {when(s.signedAt)}
                          </td>
                          <td>{s.differences}</td>
                          <td>
                            <Pill tone={s.chainOk ? 'good' : 'bad'}>
                              {s.chainOk ? 'intact' : s.chainProblem}
                            </Pill>
                          </td>
                          <td>
                            <button
                              type="button"
                              aria-label={`Show totals of sign-off ${s.seq}`}
                              onClick={() => setSelected(s.seq)}
                            >
                              Totals
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Section>
              {selected === undefined ? null : <SignOffDetail key={selected} seq={selected} />}
            </div>
            <SignOffForm onSigned={reload} />
          </>
        )}
      </Show>
    </>
  );
}

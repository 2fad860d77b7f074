// The business views: approved time not yet posted or invoiced, expenses refused by reason, project
// set-up failures and how long invoices take to reach the PSA, per legal entity.
import { BarChart, Section, Show, TableHead } from '../components.tsx';
import { count, ms, seconds, when } from '../format.ts';
import type { Failures, InvoiceDelays, UnbilledTime } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

function FailureTable(props: { data: Failures; what: string }) {
  if (props.data.items.length === 0) return <p class="muted">No {props.what}.</p>;
  return (
    <table>
      <TableHead columns={['Record', 'Entity', 'Reason', 'When', 'Fixed since']} />
      <tbody>
        {props.data.items.map((i) => (
          <tr key={i.seq}>
            <th scope="row">
              <a href={`#/lineage?q=${encodeURIComponent(i.subject)}`}>{i.subject}</a>
            </th>
            <td>{i.entity}</td>
            <td title={i.reason ?? ''}>{i.reasonCode ?? '–'}</td>
            <td>{when(i.receivedAt)}</td>
            <td>{i.fixedSince ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const coverageNote = {
  'time-entries': 'Billable time only. Invoiced: named by the lines of an invoice the ERP issued.',
  'project-and-date':
    "Billable time only. The ERP's invoices do not name the time they bill: time counts as invoiced when an invoice of its project was issued on or after its work date (an estimate).",
  none: 'Billable time only. No invoice has come from the ERP yet, so no posted time counts as invoiced.',
} as const;

/** Rows of a long list shown before the rest is left to the lineage search. */
const shownRows = 25;

const byReasonBars = (data: Failures) =>
  data.byReason.map((r) => ({
    label: r.reasonCode,
    parts: [{ name: 'refused', value: r.count, tone: 'bad' }],
  }));

export function BusinessView() {
  const [unbilled] = useFetch<UnbilledTime>('/v1/admin/business/unbilled-time');
  const [expenses] = useFetch<Failures>('/v1/admin/business/rejected-expenses');
  const [projects] = useFetch<Failures>('/v1/admin/business/project-setup-failures');
  const [invoices] = useFetch<InvoiceDelays>('/v1/admin/business/invoice-sync-delays');
  return (
    <>
      <h1>Business views</h1>
      <Section title="Unbilled approved time">
        <Show loaded={unbilled}>
          {(d) => (
            <>
              <BarChart
                title="Hours per legal entity"
                unit=" h"
                bars={d.entities.map((e) => ({
                  label: e.entity,
                  totalLabel: e.billable.hours,
                  // Bar lengths only: the hours shown are the decimal strings the API sends.
                  parts: [
                    { name: 'not yet posted', value: Number(e.notPosted.hours), tone: 'bad' },
                    {
                      name: 'posted, not invoiced',
                      value: Number(e.postedNotInvoiced.hours),
                      tone: 'warn',
                    },
                    { name: 'invoiced', value: Number(e.invoiced.hours), tone: 'good' },
                  ],
                }))}
              />
              <p class="muted">{coverageNote[d.invoiceLinks]}</p>
              {d.notPosted.length === 0 ? (
                <p class="muted">Every approved entry is posted.</p>
              ) : (
                <table>
                  <caption>
                    Approved, not yet posted (oldest first
                    {d.notPosted.length > shownRows ? `, ${shownRows} of ${d.notPosted.length}` : ''})
                  </caption>
                  <TableHead columns={['Time entry', 'Entity', 'Hours', 'State', 'Why', 'Waiting']} />
                  <tbody>
                    {d.notPosted.slice(0, shownRows).map((t) => (
                      <tr key={t.subject}>
                        <th scope="row">
                          <a href={`#/lineage?q=${encodeURIComponent(t.subject)}`}>{t.subject}</a>
                        </th>
                        <td>{t.entity}</td>
                        <td>{t.hours}</td>
                        <td>{t.state}</td>
                        <td>{t.reason ?? '–'}</td>
                        <td>{ms(t.ageMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </Show>
      </Section>
      <div class="grid-2">
        <Section title="Rejected expenses by reason code">
          <Show loaded={expenses}>
            {(d) => (
              <>
                <BarChart title={`${count(d.total)} expenses refused`} bars={byReasonBars(d)} />
                <FailureTable data={d} what="refused expenses" />
              </>
            )}
          </Show>
        </Section>
        <Section title="Project set-up failures">
          <Show loaded={projects}>
            {(d) => (
              <>
                <BarChart title={`${count(d.total)} project activations refused`} bars={byReasonBars(d)} />
                <FailureTable data={d} what="project set-up failures" />
              </>
            )}
          </Show>
        </Section>
      </div>
      <Section title="Invoice sync delays by legal entity">
        <Show loaded={invoices}>
          {(d) =>
            d.entities.length === 0 ? (
              <p class="muted">No invoices have come from the ERP yet.</p>
            ) : (
              <>
                <BarChart
                  title="ERP invoice to PSA, p50 and p95 (seconds)"
                  unit=" s"
                  bars={d.entities.map((e) => ({
                    label: e.entity,
                    totalLabel: seconds(e.delivered.p95Ms ?? 0),
                    parts: [
                      { name: 'p50', value: (e.delivered.p50Ms ?? 0) / 1000, tone: 'info' },
                      {
                        name: 'p95 above p50',
                        value: ((e.delivered.p95Ms ?? 0) - (e.delivered.p50Ms ?? 0)) / 1000,
                        tone: 'warn',
                      },
                    ],
                  }))}
                />
                <table>
                  <TableHead columns={['Entity', 'Fed back', 'p50', 'p95', 'Pending', 'Oldest pending']} />
                  <tbody>
                    {d.entities.map((e) => (
                      <tr key={e.entity}>
                        <th scope="row">{e.entity}</th>
                        <td>{count(e.delivered.count)}</td>
                        <td>{ms(e.delivered.p50Ms)}</td>
                        <td>{ms(e.delivered.p95Ms)}</td>
                        <td>{count(e.pending)}</td>
                        <td>{ms(e.oldestPendingMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )
          }
        </Show>
      </Section>
    </>
  );
}

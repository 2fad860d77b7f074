// Period reconciliation runs (`ledgerline reconcile --period P --config F`): newest first, filterable by
// period, each drillable to its differences by class with the source and target sides side by side.
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { BarChart, Pill, Section, Show, TableHead } from '../components.tsx';
import { when } from '../format.ts';
import type { DifferenceSide, ReconciliationRunDetail, ReconciliationRunSummary } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

const classes = [
  'missing_in_target',
  'extra_in_target',
  'duplicate',
  'amount_drift',
  'fx_difference',
  'period_mismatch',
] as const;
const pageSize = 100;

const classLabel = (c: string) => c.replace(/_/g, ' ');

function countsText(counts: Record<string, number>): string {
  const open = Object.entries(counts).filter(([, n]) => n > 0);
  return open.length === 0 ? 'none' : open.map(([c, n]) => `${classLabel(c)} ${n}`).join(', ');
}

function SideCell(props: { side: DifferenceSide | null }) {
  const s = props.side;
  if (s === null) return <td class="muted">no record</td>;
  return (
    <td>
      {s.count} × {s.hours === '0' ? '' : `${s.hours} h, `}
      {s.amountUnknown === true ? 'unpriced' : `${s.amount} ${s.currency}`} ({s.period})
    </td>
  );
}

function RunDetail(props: { id: number }) {
  const [cls, setCls] = useState('');
  const [offset, setOffset] = useState(0);
  const [detail] = useFetch<ReconciliationRunDetail>(
    `/v1/admin/reconciliation/runs/${props.id}${query({ class: cls, limit: pageSize, offset })}`,
  );
  return (
    <Section title={`Run ${props.id}`}>
      <Show loaded={detail}>
        {(d) => (
          <>
            <p>
              {d.period} {d.entity ?? 'all entities'}: {d.sourceSystem} ({d.totals.records?.source ?? '?'}{' '}
              records) against {d.targetSystem} ({d.totals.records?.target ?? '?'} records), by {d.ranBy}{' '}
              {when(d.ranAt)}
            </p>
            {d.truncated && (
              <p>
                <Pill tone="warn">truncated</Pill> Only the first differences were kept; the counts cover all{' '}
                {d.differences}.
              </p>
            )}
            <BarChart
              title="Differences per class"
              bars={classes
                .filter((c) => (d.counts[c] ?? 0) > 0)
                .map((c) => ({
                  label: classLabel(c),
                  parts: [{ name: 'differences', value: d.counts[c] ?? 0, tone: 'bad' }],
                }))}
            />
            <div class="toolbar">
              <div class="field">
                <label for="recon-class">Class</label>
                <select
                  id="recon-class"
                  value={cls}
                  onChange={(e) => {
                    setCls(e.currentTarget.value);
                    setOffset(0);
                  }}
                >
                  <option value="">every class</option>
                  {classes.map((c) => (
                    <option key={c} value={c}>
                      {classLabel(c)} ({d.counts[c] ?? 0})
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {d.differenceList.length === 0 ? (
              <p class="muted">No differences{cls === '' ? '' : ` of this class`}.</p>
            ) : (
              <table data-testid="recon-differences">
                <caption>Differences, source against target</caption>
                <TableHead columns={['Key', 'Class', 'Entity', 'Source', 'Target', 'Amount difference']} />
                <tbody>
                  {d.differenceList.map((x) => (
                    <tr key={x.key}>
                      <th scope="row">
                        <code>{x.key}</code>
                      </th>
                      <td>{classLabel(x.class)}</td>
                      <td>{x.entity}</td>
                      <SideCell side={x.source} />
                      <SideCell side={x.target} />
                      <td class="amount">{x.amountDifference}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div class="toolbar">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - pageSize))}
              >
                Previous {pageSize}
              </button>
              <button
                type="button"
                disabled={d.differenceList.length < pageSize}
                onClick={() => setOffset(offset + pageSize)}
              >
                Next {pageSize}
              </button>
            </div>
          </>
        )}
      </Show>
    </Section>
  );
}

export function ReconciliationRuns() {
  const [period, setPeriod] = useState('');
  const [runs] = useFetch<{ runs: ReconciliationRunSummary[] }>(
    `/v1/admin/reconciliation/runs${query({ period, limit: 50 })}`,
  );
  const [selected, setSelected] = useState<number | undefined>(undefined);
  return (
    <>
      <Section title="Period runs">
        <div class="toolbar">
          <div class="field">
            <label for="recon-period">Period</label>
            <input
              id="recon-period"
              type="month"
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value)}
            />
          </div>
        </div>
        <Show loaded={runs}>
          {(r) =>
            r.runs.length === 0 ? (
              <p class="muted">
                No period reconciliation has run{period === '' ? '' : ` for ${period}`} (`ledgerline reconcile
                --period P --config FILE`).
              </p>
            ) : (
              <table data-testid="recon-runs">
                <TableHead columns={['Period', 'Entity', 'Ran', 'Result', 'Differences per class']} action />
                <tbody>
                  {r.runs.map((run) => (
                    <tr key={run.id} class={selected === run.id ? 'selected' : ''}>
                      <th scope="row">{run.period}</th>
                      <td>{run.entity ?? 'all'}</td>
                      <td>
                        {when(run.ranAt)} by {run.ranBy}
                      </td>
                      <td>
                        <Pill tone={run.ok ? 'good' : 'bad'}>
                          {run.ok ? 'in agreement' : `${run.differences} differences`}
                        </Pill>
                      </td>
                      <td>{countsText(run.counts)}</td>
                      <td>
                        <button
                          type="button"
                          aria-label={`Show differences of run ${run.id}`}
                          onClick={() => setSelected(run.id)}
                        >
                          Differences
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Show>
      </Section>
      {selected === undefined ? null : <RunDetail key={selected} id={selected} />}
    </>
  );
}

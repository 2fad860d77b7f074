// The overview: throughput and latency over the last hour, queue depths, SLA status and the counts.
import { useMemo, useState } from 'preact/hooks';
import { BarChart, Figure, Pill, Section, Show, TableHead } from '../components.tsx';
import { count, ms, seconds } from '../format.ts';
import { TimeChart } from '../time-chart.tsx';
import type { Overview as OverviewData, SlaStatus } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

function Charts({ data }: { data: OverviewData }) {
  const times = useMemo(() => data.throughput.map((b) => Date.parse(b.at) / 1000), [data]);
  const throughput = useMemo(
    () => [
      { label: 'received', color: '#2563eb', values: data.throughput.map((b) => b.received) },
      { label: 'completed', color: '#16a34a', values: data.throughput.map((b) => b.completed) },
      { label: 'deliveries', color: '#9333ea', values: data.throughput.map((b) => b.delivered) },
    ],
    [data],
  );
  const latency = useMemo(
    () => [
      { label: 'p50', color: '#0891b2', values: data.throughput.map((b) => b.latency.p50Ms) },
      { label: 'p95', color: '#dc2626', values: data.throughput.map((b) => b.latency.p95Ms) },
    ],
    [data],
  );
  return (
    <div class="grid-2">
      <TimeChart
        title={`Throughput per ${data.window.bucketSeconds} s`}
        times={times}
        series={throughput}
        testId="throughput-chart"
      />
      <TimeChart title="Intake-to-completion latency" times={times} series={latency} format={ms} />
    </div>
  );
}

function Sla() {
  const [sla] = useFetch<SlaStatus>('/v1/admin/sla', 10_000);
  return (
    <Section title="SLA status">
      <Show loaded={sla} notAvailable="this Ledgerline has no SLA timers (GET /v1/admin/sla answered 404).">
        {(data) =>
          data.domains.length === 0 ? (
            <p class="muted">No SLA objectives are configured.</p>
          ) : (
            <table>
              <TableHead columns={['Domain', 'Objective', 'Open', 'Breaching', 'Oldest', 'Status']} />
              <tbody>
                {data.domains.map((d) => (
                  <tr key={d.domain}>
                    <th scope="row">{d.domain}</th>
                    <td>{d.objective}</td>
                    <td>{count(d.open)}</td>
                    <td>{count(d.breaching)}</td>
                    <td>{ms(d.oldestAgeMs)}</td>
                    <td>
                      <Pill tone={d.status === 'ok' ? 'good' : 'bad'}>{d.status}</Pill>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </Section>
  );
}

/** The windows a person picks from: a demo run fits the first, a working day the last. */
const windows = [
  { id: '15m', label: 'last 15 minutes, per 10 s', minutes: 15, bucketSeconds: 10 },
  { id: '1h', label: 'last hour, per minute', minutes: 60, bucketSeconds: 60 },
  { id: '6h', label: 'last 6 hours, per 5 minutes', minutes: 360, bucketSeconds: 300 },
  { id: '24h', label: 'last 24 hours, per 15 minutes', minutes: 1440, bucketSeconds: 900 },
] as const;

export function OverviewView() {
  const [windowId, setWindowId] = useState<string>('15m');
  const chosen = windows.find((w) => w.id === windowId) ?? windows[0];
  const [overview] = useFetch<OverviewData>(
    `/v1/admin/overview?minutes=${chosen.minutes}&bucketSeconds=${chosen.bucketSeconds}`,
    5_000,
  );
  return (
    <>
      <h1>Overview</h1>
      <div class="toolbar">
        <div class="field">
          <label for="overview-window">Time window</label>
          <select id="overview-window" value={windowId} onChange={(e) => setWindowId(e.currentTarget.value)}>
            {windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Show loaded={overview}>
        {(data) => (
          <>
            <div class="figures">
              <Figure
                label="events received in the window"
                value={count(data.totals.received)}
                testId="received-total"
              />
              <Figure label="completed" value={count(data.totals.completed)} />
              <Figure label="deliveries accepted" value={count(data.totals.delivered)} />
              <Figure label="p95 latency" value={ms(data.totals.latency.p95Ms)} />
              <Figure label="parked" value={count(data.counts.events['parked'] ?? 0)} />
              <Figure
                label="open dead letters"
                value={count(data.counts.deadLettersOpen)}
                tone={data.counts.deadLettersOpen > 0 ? 'bad' : 'good'}
              />
              <Figure label="duplicates refused" value={count(data.counts.duplicatesRefused)} />
            </div>
            <Section title="Throughput and latency">
              <Charts data={data} />
            </Section>
            <div class="grid-2">
              <Section title="Queue depths">
                {data.queues.length === 0 ? (
                  <p class="muted">Every queue is empty: nothing waits, nothing is stuck.</p>
                ) : (
                  <>
                    <BarChart
                      title="Waiting per queue class and state"
                      bars={data.queues.map((q) => ({
                        label: `${q.of} · ${q.queue} · ${q.state}`,
                        parts: [{ name: q.state, value: q.count, tone: q.state === 'dead' ? 'bad' : 'warn' }],
                      }))}
                    />
                    <table>
                      <TableHead columns={['Queue', 'State', 'Count', 'Oldest']} />
                      <tbody>
                        {data.queues.map((q) => (
                          <tr key={`${q.of}-${q.queue}-${q.state}`}>
                            <th scope="row">
                              {q.of} · {q.queue}
                            </th>
                            <td>{q.state}</td>
                            <td>{count(q.count)}</td>
                            <td>{ms(q.oldestAgeMs)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
              </Section>
              <Sla />
            </div>
            <Section title="Delivery latency per target">
              {data.deliveryLatencyByTarget.length === 0 ? (
                <p class="muted">No delivery was accepted in this window.</p>
              ) : (
                <>
                  <BarChart
                    title="Decision to accepted, p50 and p95 (seconds)"
                    unit=" s"
                    bars={data.deliveryLatencyByTarget.map((t) => ({
                      label: t.target,
                      totalLabel: seconds(t.p95Ms ?? 0),
                      parts: [
                        { name: 'p50', value: (t.p50Ms ?? 0) / 1000, tone: 'info' },
                        {
                          name: 'p95 above p50',
                          value: ((t.p95Ms ?? 0) - (t.p50Ms ?? 0)) / 1000,
                          tone: 'warn',
                        },
                      ],
                    }))}
                  />
                  <table>
                    <TableHead columns={['Target', 'Accepted', 'Retried', 'p50', 'p95', 'max']} />
                    <tbody>
                      {data.deliveryLatencyByTarget.map((t) => (
                        <tr key={t.target}>
                          <th scope="row">{t.target}</th>
                          <td>{count(t.count)}</td>
                          <td>{count(t.retried)}</td>
                          <td>{ms(t.p50Ms)}</td>
                          <td>{ms(t.p95Ms)}</td>
                          <td>{ms(t.maxMs)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </Section>
            <Section title="Latency per event type">
              <table>
                <TableHead columns={['Event type', 'Completed', 'p50', 'p95', 'max']} />
                <tbody>
                  {data.latencyByType.map((l) => (
                    <tr key={l.type}>
                      <th scope="row">{l.type}</th>
                      <td>{count(l.count)}</td>
                      <td>{ms(l.p50Ms)}</td>
                      <td>{ms(l.p95Ms)}</td>
                      <td>{ms(l.maxMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          </>
        )}
      </Show>
    </>
  );
}

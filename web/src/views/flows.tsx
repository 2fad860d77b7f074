// Flows per workflow: how far each workflow's events got, as a stacked bar and as numbers.
import { BarChart, Section, Show, TableHead } from '../components.tsx';
import { count } from '../format.ts';
import type { Flow } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

export function FlowsView() {
  const [flows] = useFetch<{ flows: Flow[] }>('/v1/admin/flows', 10_000);
  return (
    <>
      <h1>Flows per workflow</h1>
      <Show loaded={flows}>
        {(data) => {
          const active = data.flows.filter((f) => f.received > 0);
          return (
            <>
              <Section title="Where each workflow's events are">
                <BarChart
                  scale="each"
                  title="Share of each workflow's events by state"
                  bars={active.map((f) => ({
                    label: f.workflow,
                    parts: [
                      { name: 'completed', value: f.completed, tone: 'good' },
                      { name: 'in flight', value: f.inFlight, tone: 'info' },
                      { name: 'parked', value: f.parked, tone: 'warn' },
                      { name: 'rejected', value: f.rejected, tone: 'muted-tone' },
                      { name: 'dead', value: f.dead, tone: 'bad' },
                    ],
                  }))}
                />
              </Section>
              <Section title="Numbers">
                <table>
                  <TableHead
                    columns={[
                      'Workflow',
                      'Domain',
                      'Received',
                      'Completed',
                      'Confirmed',
                      'In flight',
                      'Parked',
                      'Rejected',
                      'Dead',
                      'Dead-letter reasons',
                    ]}
                  />
                  <tbody>
                    {data.flows.map((f) => (
                      <tr key={f.workflow} class={f.received === 0 ? 'idle' : ''}>
                        <th scope="row">{f.workflow}</th>
                        <td>{f.domain ?? '–'}</td>
                        <td>{count(f.received)}</td>
                        <td>{count(f.completed)}</td>
                        <td>{f.confirmed === null ? '–' : count(f.confirmed)}</td>
                        <td>{count(f.inFlight)}</td>
                        <td>{count(f.parked)}</td>
                        <td>{count(f.rejected)}</td>
                        <td>{count(f.dead)}</td>
                        <td>
                          {Object.entries(f.reasons)
                            .map(([r, n]) => `${r} (${n})`)
                            .join(', ') || '–'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Section>
            </>
          );
        }}
      </Show>
    </>
  );
}

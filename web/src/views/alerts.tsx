// Alerts raised by failure domain and where they were routed (GET /v1/admin/alerts).
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Pill, Section, Show, TableHead } from '../components.tsx';
import { when } from '../format.ts';
import type { Alert } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

export function AlertsView() {
  const [state, setState] = useState('');
  const [alerts] = useFetch<{ alerts: Alert[] }>(`/v1/admin/alerts${query({ limit: 200, state })}`, 10_000);
  return (
    <>
      <h1>Alerts</h1>
      <div class="toolbar">
        <div class="field">
          <label for="alert-state">State</label>
          <select id="alert-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">any</option>
            <option value="firing">firing</option>
            <option value="resolved">resolved</option>
          </select>
        </div>
      </div>
      <Section title="Alerts">
        <Show
          loaded={alerts}
          notAvailable="this Ledgerline has no alert routing (GET /v1/admin/alerts answered 404)."
        >
          {(data) =>
            data.alerts.length === 0 ? (
              <p class="muted">No alerts.</p>
            ) : (
              <table>
                <TableHead
                  columns={['Alert', 'Failure domain', 'State', 'Count', 'First / last', 'Routed to']}
                />
                <tbody>
                  {data.alerts.map((a) => (
                    <tr key={a.id}>
                      <th scope="row" title={a.detail}>
                        {a.title}
                      </th>
                      <td>{a.failureDomain}</td>
                      <td>
                        <Pill tone={a.state === 'firing' ? 'bad' : 'good'}>{a.state}</Pill>
                      </td>
                      <td>{a.count}</td>
                      <td>
                        {when(a.firstAt)} / {when(a.lastAt)}
                      </td>
                      <td>{a.routedTo.join(', ') || '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Show>
      </Section>
    </>
  );
}

// Alerts raised by failure domain and where they were routed (GET /v1/admin/alerts).
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Section, Show } from '../components.tsx';
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
                <thead>
                  <tr>
                    <th scope="col">Alert</th>
                    <th scope="col">Failure domain</th>
                    <th scope="col">State</th>
                    <th scope="col">Count</th>
                    <th scope="col">First / last</th>
                    <th scope="col">Routed to</th>
                  </tr>
                </thead>
                <tbody>
                  {data.alerts.map((a) => (
                    <tr key={a.id}>
                      <th scope="row" title={a.detail}>
                        {a.title}
                      </th>
                      <td>{a.failureDomain}</td>
                      <td>
                        <span class={`pill ${a.state === 'firing' ? 'bad' : 'good'}`}>{a.state}</span>
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

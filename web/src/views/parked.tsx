// Parked items: events waiting on master data or on another system's id, filterable like dead letters.
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { BarChart, Section, Show, TableHead } from '../components.tsx';
import { ms } from '../format.ts';
import type { Facets, Parked } from '../types.ts';
import { useFetch } from '../use-fetch.ts';
import { FilterBar, type FilterValues } from './filters.tsx';

export function ParkedView() {
  const [filters, setFilters] = useState<FilterValues>({ reason: '', domain: '', entity: '' });
  const [list] = useFetch<{ total: number; parked: Parked[]; facets: Facets }>(
    `/v1/admin/parked${query({ ...filters })}`,
  );
  const facets = list.status === 'ok' ? list.data.facets : undefined;
  return (
    <>
      <h1>Parked items</h1>
      <div class="toolbar">
        <FilterBar
          prefix="pk"
          reasonLabel="Waiting for"
          values={filters}
          facets={facets}
          onChange={setFilters}
        />
      </div>
      <Show loaded={list}>
        {(data) => (
          <>
            <Section title="What they wait for">
              <BarChart
                title="Parked events by what releases them"
                bars={Object.entries(data.facets.reasons).map(([reason, n]) => ({
                  label: reason,
                  parts: [{ name: 'parked', value: n, tone: 'warn' }],
                }))}
              />
            </Section>
            <Section title="Parked events">
              {data.parked.length === 0 ? (
                <p class="muted">Nothing is parked.</p>
              ) : (
                <table>
                  <caption>{data.total} parked</caption>
                  <TableHead columns={['Record', 'Type', 'Entity', 'Waiting for', 'Age']} />
                  <tbody>
                    {data.parked.map((p) => (
                      <tr key={p.seq}>
                        <th scope="row">
                          <a href={`#/lineage?q=${encodeURIComponent(p.subject)}`}>{p.subject}</a>
                        </th>
                        <td>{p.type}</td>
                        <td>{p.entity ?? '–'}</td>
                        <td>{p.reason ?? p.waitingFor}</td>
                        <td>{ms(p.ageMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
          </>
        )}
      </Show>
    </>
  );
}

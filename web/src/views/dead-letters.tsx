// The dead-letter queue: filter by reason, domain, legal entity and state; inspect one (payload, delivery,
// error); retry it, retry every open one the filter selects, or resolve it with a comment.
import { useState } from 'preact/hooks';
import { postJson, query } from '../api.ts';
import { Section, Show, TableHead } from '../components.tsx';
import { when } from '../format.ts';
import type { DeadLetter, DeadLetterDetail, Facets } from '../types.ts';
import { useFetch } from '../use-fetch.ts';
import { FilterBar, type FilterValues } from './filters.tsx';

interface ListAnswer {
  total: number;
  deadLetters: DeadLetter[];
  facets: Facets;
}

function Inspect(props: { id: number; onDone: (message: string) => void }) {
  const [detail, reload] = useFetch<DeadLetterDetail>(`/v1/admin/dead-letters/${props.id}`);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      props.onDone(await action());
    } catch (error) {
      props.onDone(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
      reload();
    }
  };
  return (
    <Section title={`Dead letter ${props.id}`} id="inspect-heading">
      <Show loaded={detail}>
        {(d) => (
          <div class="inspect">
            <dl>
              <dt>State</dt>
              <dd>{d.deadLetter.state}</dd>
              <dt>Reason</dt>
              <dd>{d.deadLetter.reasonCode}</dd>
              <dt>Record</dt>
              <dd>
                <a href={`#/lineage?q=${encodeURIComponent(d.deadLetter.subject)}`}>{d.deadLetter.subject}</a>
              </dd>
              <dt>Domain / entity</dt>
              <dd>
                {d.deadLetter.domain ?? '–'} / {d.deadLetter.entity ?? '–'}
              </dd>
              {d.delivery ? (
                <>
                  <dt>Delivery</dt>
                  <dd>
                    {d.delivery.kind} → {d.delivery.target}, {d.delivery.state} after {d.delivery.attempts}{' '}
                    attempt(s)
                  </dd>
                </>
              ) : null}
              {d.deadLetter.note ? (
                <>
                  <dt>Comment</dt>
                  <dd>{d.deadLetter.note}</dd>
                </>
              ) : null}
            </dl>
            <h3>Error</h3>
            <pre class="error-text" data-testid="dead-letter-error">
              {d.deadLetter.message}
              {d.delivery?.lastError && d.delivery.lastError !== d.deadLetter.message
                ? `\n${d.delivery.lastError}`
                : ''}
              {d.deadLetter.detail === null ? '' : `\n${JSON.stringify(d.deadLetter.detail, null, 2)}`}
            </pre>
            <h3>Payload</h3>
            <pre data-testid="dead-letter-payload">{JSON.stringify(d.event?.data ?? null, null, 2)}</pre>
            {d.delivery ? (
              <details>
                <summary>Commands sent to {d.delivery.target}</summary>
                <pre>{JSON.stringify(d.delivery.commands, null, 2)}</pre>
              </details>
            ) : null}
            {d.deadLetter.state === 'open' ? (
              <div class="actions">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await postJson(`/v1/admin/dead-letters/${props.id}/retry`);
                      return `Dead letter ${props.id} sent back into the pipeline.`;
                    })
                  }
                >
                  Retry
                </button>
                <form
                  class="resolve"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void act(async () => {
                      await postJson(`/v1/admin/dead-letters/${props.id}/resolve`, { note });
                      return `Dead letter ${props.id} resolved.`;
                    });
                  }}
                >
                  <label for="resolve-note">Comment</label>
                  <input
                    id="resolve-note"
                    value={note}
                    required
                    onInput={(e) => setNote(e.currentTarget.value)}
                    placeholder="why it needs no retry"
                  />
                  <button type="submit" disabled={busy || note.trim() === ''}>
                    Resolve
                  </button>
                </form>
              </div>
            ) : null}
          </div>
        )}
      </Show>
    </Section>
  );
}

export function DeadLettersView() {
  const [filters, setFilters] = useState<FilterValues>({ reason: '', domain: '', entity: '' });
  const [state, setState] = useState('open');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [message, setMessage] = useState('');
  const [list, reload] = useFetch<ListAnswer>(`/v1/admin/dead-letters${query({ ...filters, state })}`);
  const facets = list.status === 'ok' ? list.data.facets : undefined;
  const done = (text: string) => {
    setMessage(text);
    reload();
  };
  const bulk = async () => {
    try {
      const answer = await postJson<{ retried: number }>('/v1/admin/dead-letters/retry', {
        ...(filters.reason ? { reason: filters.reason } : {}),
        ...(filters.domain ? { domain: filters.domain } : {}),
        ...(filters.entity ? { entity: filters.entity } : {}),
      });
      done(`Retried ${answer.retried} dead letter(s) matching the filter.`);
    } catch (error) {
      done(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const filtered = filters.reason !== '' || filters.domain !== '' || filters.entity !== '';
  return (
    <>
      <h1>Dead letters</h1>
      <p role="status" aria-live="polite" class="status" data-testid="action-status">
        {message}
      </p>
      <div class="toolbar">
        <FilterBar prefix="dl" reasonLabel="Reason" values={filters} facets={facets} onChange={setFilters} />
        <div class="field">
          <label for="dl-state">State</label>
          <select id="dl-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="open">open</option>
            <option value="retried">retried</option>
            <option value="resolved">resolved</option>
            <option value="">any</option>
          </select>
        </div>
        <button
          type="button"
          disabled={!filtered || state !== 'open'}
          onClick={() => void bulk()}
          title="Retries every open dead letter the filter selects"
        >
          Retry all matching
        </button>
      </div>
      <div>
        <Section title="Matching dead letters">
          <Show loaded={list}>
            {(data) =>
              data.deadLetters.length === 0 ? (
                <p class="muted">No dead letters match.</p>
              ) : (
                <table>
                  <caption>
                    {data.total} matching
                    {data.total > data.deadLetters.length ? `, first ${data.deadLetters.length}` : ''}
                  </caption>
                  <TableHead columns={['Id', 'Reason', 'Record', 'Entity', 'Since']} action />
                  <tbody>
                    {data.deadLetters.map((d) => (
                      <tr key={d.id} class={selected === d.id ? 'selected' : ''}>
                        <th scope="row">{d.id}</th>
                        <td>{d.reasonCode}</td>
                        <td>{d.subject}</td>
                        <td>{d.entity ?? '–'}</td>
                        <td>{when(d.createdAt)}</td>
                        <td>
                          <button
                            type="button"
                            aria-label={`Inspect dead letter ${d.id}`}
                            onClick={() => setSelected(d.id)}
                          >
                            Inspect
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
        {selected === undefined ? (
          <Section title="Inspect">
            <p class="muted">Choose a dead letter to see its payload and error.</p>
          </Section>
        ) : (
          <Inspect key={selected} id={selected} onDone={done} />
        )}
      </div>
    </>
  );
}

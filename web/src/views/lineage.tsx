// A record's lineage: search by event id or subject, then every stage from the approval in the source to
// the target's ids and the feedback, in order.
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Pill, Section, Show } from '../components.tsx';
import { when } from '../format.ts';
import type { LineageAnswer } from '../types.ts';
import { useFetch } from '../use-fetch.ts';

function Result(props: { q: string; seq: number | undefined; onSeq: (seq: number) => void }) {
  const [answer] = useFetch<LineageAnswer>(`/v1/admin/lineage${query({ q: props.q, seq: props.seq })}`);
  return (
    <Show loaded={answer}>
      {(data) => (
        <>
          {data.matches.length > 1 ? (
            <Section title="Events about this record">
              <ul class="matches">
                {data.matches.map((m) => (
                  <li key={m.seq}>
                    <button
                      type="button"
                      aria-pressed={m.seq === data.seq}
                      onClick={() => props.onSeq(m.seq)}
                    >
                      {m.type} · {m.eventId} · {m.state}
                    </button>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          <Section title="Stages">
            <ol class="stages" data-testid="lineage-stages">
              {data.stages.map((s, i) => (
                <li key={i} class={`stage ${s.status}`} data-stage={s.stage}>
                  <div class="stage-head">
                    <Pill tone={s.status === 'done' ? 'good' : s.status === 'failed' ? 'bad' : 'warn'}>
                      {s.stage}
                    </Pill>
                    <strong>{s.title}</strong>
                    <span class="muted">{when(s.at)}</span>
                  </div>
                  <div>{s.detail}</div>
                  {s.ids.length > 0 ? (
                    <ul class="ids">
                      {s.ids.map((id) => (
                        <li key={`${id.label}-${id.value}`}>
                          {id.label}: <code>{id.value}</code>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </Section>
          <Section title="Record as received">
            <details>
              <summary>
                Payload of {data.event.type} from {data.event.source}
              </summary>
              <pre data-testid="lineage-payload">{JSON.stringify(data.event.data, null, 2)}</pre>
            </details>
          </Section>
        </>
      )}
    </Show>
  );
}

export function LineageView(props: { initial: string }) {
  const [text, setText] = useState(props.initial);
  const [q, setQ] = useState(props.initial);
  const [seq, setSeq] = useState<number | undefined>(undefined);
  return (
    <>
      <h1>Lineage</h1>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSeq(undefined);
          setQ(text.trim());
        }}
      >
        <label for="lineage-q">Event id or record id</label>
        <input
          id="lineage-q"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder="time:sandbox-psa:100031 or an event id"
        />
        <button type="submit">Show lineage</button>
      </form>
      {q === '' ? (
        <p class="muted">Search for a time entry, a project, an invoice… by its id.</p>
      ) : (
        <Result key={q} q={q} seq={seq} onSeq={setSeq} />
      )}
    </>
  );
}

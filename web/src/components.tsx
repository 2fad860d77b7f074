// Small pieces every view uses: loading and error states, a titled section, figures and bar charts.
import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-fetch.ts';

export function Section(props: { title: string; children: ComponentChildren; id?: string }) {
  const id = props.id ?? `s-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Renders the data once loaded; says so while loading or when the API answered with a problem. */
export function Show<T>(props: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
  notAvailable?: string;
}) {
  const { loaded } = props;
  if (loaded.status === 'loading') return <p class="muted">Loading…</p>;
  if (loaded.status === 'error') {
    if (loaded.httpStatus === 404 && props.notAvailable !== undefined)
      return (
        <p class="notice" data-state="not-available">
          Not available: {props.notAvailable}
        </p>
      );
    return (
      <p class="error" role="alert">
        Could not load: {loaded.message}
      </p>
    );
  }
  return <>{props.children(loaded.data)}</>;
}

export function Figure(props: {
  label: string;
  value: string;
  tone?: 'bad' | 'good' | undefined;
  testId?: string;
}) {
  return (
    <div class={`figure ${props.tone ?? ''}`} data-testid={props.testId}>
      <div class="figure-value">{props.value}</div>
      <div class="figure-label">{props.label}</div>
    </div>
  );
}

export interface Bar {
  readonly label: string;
  /** What the total reads as (decimal hours from the API), instead of the sum of the parts. */
  readonly totalLabel?: string;
  readonly parts: readonly { readonly name: string; readonly value: number; readonly tone: string }[];
}

/**
 * Horizontal stacked bars; the numbers are in the accessible label and beside each bar. `each`: every bar
 * fills the width, showing shares (where a workflow's events are) rather than sizes.
 */
export function BarChart(props: {
  bars: readonly Bar[];
  title: string;
  unit?: string;
  scale?: 'shared' | 'each';
}) {
  const max = Math.max(1, ...props.bars.map((b) => b.parts.reduce((n, p) => n + p.value, 0)));
  const unit = props.unit ?? '';
  // The caller says what is empty in its own words.
  if (props.bars.length === 0) return null;
  return (
    <figure class="bars">
      <figcaption>{props.title}</figcaption>
      {props.bars.map((bar) => {
        const total = bar.parts.reduce((n, p) => n + p.value, 0);
        const width = props.scale === 'each' ? Math.max(1, total) : max;
        const text = bar.parts.map((p) => `${p.name} ${p.value}${unit}`).join(', ');
        return (
          <div class="bar-row" key={bar.label}>
            <span class="bar-label">{bar.label}</span>
            <span class="bar-track" role="img" aria-label={`${bar.label}: ${text}`}>
              {bar.parts.map((p) => (
                <span
                  key={p.name}
                  class={`bar-part ${p.tone}`}
                  style={{ width: `${(100 * p.value) / width}%` }}
                  title={`${p.name}: ${p.value}${unit}`}
                />
              ))}
            </span>
            <span class="bar-value">
              {bar.totalLabel ?? total}
              {unit}
            </span>
          </div>
        );
      })}
      <div class="legend">
        {[...new Map(props.bars.flatMap((b) => b.parts.map((p) => [p.name, p.tone] as const))).entries()].map(
          ([name, tone]) => (
            <span key={name}>
              <span class={`swatch ${tone}`} /> {name}
            </span>
          ),
        )}
      </div>
    </figure>
  );
}

/** A table's column headings; `action` adds a last column for each row's button, named for screen readers. */
export function TableHead(props: { columns: readonly string[]; action?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th scope="col" key={column}>
            {column}
          </th>
        ))}
        {props.action === true && (
          <th scope="col">
            <span class="visually-hidden">Action</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A state as a coloured label: good, bad, or warn for what is still on its way. */
export function Pill(props: { tone: 'good' | 'bad' | 'warn'; children: ComponentChildren }) {
  return <span class={`pill ${props.tone}`}>{props.children}</span>;
}

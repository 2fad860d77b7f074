// Reads the Prometheus text exposition format (as served at /metrics) into samples, and sums the ones
// matching a metric name and some labels: enough for tests to compare two scrapes.
import assert from 'node:assert/strict';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const match = line.exec(raw);
    assert.ok(match, `not a Prometheus sample line: ${raw}`);
    const [, name = '', labelText = '', value = ''] = match;
    const labels: Record<string, string> = {};
    for (const [, key = '', v = ''] of labelText.matchAll(label)) labels[key] = v.replace(/\\(.)/g, '$1');
    samples.push({ name, labels, value: Number(value) });
  }
  return samples;
}

export class Scrape {
  readonly samples: readonly Sample[];

  constructor(text: string) {
    this.samples = parsePrometheus(text);
  }

  /** The sum of the samples of `name` whose labels include `labels`. */
  sum(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }

  /** Every label set of `name`'s samples. */
  labelsOf(name: string): Readonly<Record<string, string>>[] {
    return this.samples.filter((s) => s.name === name).map((s) => s.labels);
  }
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return new Scrape(await response.text());
}

// The soak run's arithmetic on made-up completions and memory samples: windows, the drain window, the
// verdict on the steady state and the chart. Nothing here is measured; the figures are the fixtures'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chart, verdictOf, windowsOf, type Completion, type RssSample } from '../../bench/soak/analysis.ts';

const start = 1_000_000;
const mb = 2 ** 20;

/** `perWindow` completions in each 10-s window, each taking `latency(window)` ms. */
function completions(windows: number, perWindow: number, latency: (w: number) => number): Completion[] {
  const out: Completion[] = [];
  for (let w = 0; w < windows; w += 1)
    for (let i = 0; i < perWindow; i += 1) {
      const completedAt = start + w * 10_000 + i * (10_000 / perWindow);
      out.push({ receivedAt: completedAt - latency(w), completedAt });
    }
  return out;
}

function samples(windows: number, rssMb: (w: number) => number): RssSample[] {
  return Array.from({ length: windows * 2 + 1 }, (_, i) => ({
    atMs: i * 5000,
    bytes: { api: rssMb(Math.floor(i / 2)) * mb, 'worker-1': 100 * mb, erp: 500 * mb },
  }));
}

const options = { loadStart: start, loadEnd: start + 40_000, windowS: 10, drainEnd: start + 42_000 };
const ledgerline = ['api', 'worker-1'];

test('completions fall into load windows by when they completed, the rest into the drain window', () => {
  const list = [
    ...completions(4, 100, () => 20),
    { receivedAt: start + 39_000, completedAt: start + 41_000 },
  ];
  const windows = windowsOf(
    list,
    samples(4, () => 50),
    { ...options, ledgerline },
  );
  assert.deepEqual(
    windows.map((w) => [w.kind, w.fromS, w.toS, w.completed, w.eventsPerSecond]),
    [
      ['load', 0, 10, 100, 10],
      ['load', 10, 20, 100, 10],
      ['load', 20, 30, 100, 10],
      ['load', 30, 40, 100, 10],
      ['drain', 40, 42, 1, 1],
    ],
  );
  assert.equal(windows[4]?.max, 2000);
  // The ERP's memory is shown but not counted as Ledgerline's.
  assert.equal(windows[0]?.ledgerlineRssMb, 150);
  assert.equal(windows[0]?.rssMb['erp'], 500);
});

test('steady latency and memory, at the offered rate, are flat', () => {
  const list = completions(4, 100, () => 20);
  const windows = windowsOf(
    list,
    samples(4, () => 50),
    { ...options, ledgerline },
  );
  const verdict = verdictOf(windows, list.slice(200), 10);
  assert.equal(verdict.steadyWindows, 2);
  assert.equal(verdict.throughput.keptUp, true);
  assert.equal(verdict.latency.shape, 'flat');
  assert.equal(verdict.rss.flat, true);
  assert.equal(verdict.rss.growthMb, 0);
});

test('latency that climbs and memory that grows are said so', () => {
  const list = completions(4, 100, (w) => 20 * (w + 1) ** 2);
  const windows = windowsOf(
    list,
    samples(4, (w) => 50 + w * 30),
    { ...options, ledgerline },
  );
  const verdict = verdictOf(windows, list.slice(200), 10);
  assert.equal(verdict.latency.shape, 'grows');
  assert.equal(verdict.rss.flat, false);
  assert.equal(verdict.rss.growthMb, 30);
  assert.match(verdict.summary, /latency GROWS/);
  assert.match(verdict.summary, /memory NOT flat/);
});

test('a completion rate below the offered rate is not keeping up', () => {
  const list = completions(4, 50, () => 20);
  const verdict = verdictOf(
    windowsOf(
      list,
      samples(4, () => 50),
      { ...options, ledgerline },
    ),
    list,
    10,
  );
  assert.equal(verdict.throughput.keptUp, false);
  assert.match(verdict.summary, /did NOT keep up/);
});

test('one steady window is too short to judge', () => {
  const list = completions(2, 100, () => 20);
  const windows = windowsOf(
    list,
    samples(2, () => 50),
    {
      ...options,
      loadEnd: start + 20_000,
      drainEnd: start + 20_000,
      ledgerline,
    },
  );
  const verdict = verdictOf(windows, list, 10);
  assert.equal(verdict.latency.shape, 'too short');
  assert.equal(verdict.rss.flat, false);
});

test('the chart draws one column per value, from zero, with gaps for no data', () => {
  const drawn = chart('p99', [10, null, 20], { unit: 'ms', stepS: 5, height: 2 });
  const rows = drawn.split('\n');
  assert.equal(rows[0], 'p99');
  assert.match(rows[1] ?? '', /20 ms │ ·█$/);
  assert.match(rows[2] ?? '', / 0 ms │█·█$/);
});

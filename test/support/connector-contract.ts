// The contract every connector passes, whatever its vendor: what the pipeline relies on from a source
// (resumable, deterministic pages of valid canonical events; a webhook reader that never throws) and from
// a target (one answer per command in order; a resend is recognised; a dead server is `retry`, never a
// throw). Each connector's test file calls these with a factory for its own server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateEvent } from '../../src/contracts/validate.ts';
import type { TargetCommand } from '../../src/connectors/kit/commands.ts';
import type { SourceConnector, TargetConnector } from '../../src/connectors/kit/connector.ts';
import type { MapMemory } from './map-memory.ts';

export interface SourceUnderTest {
  readonly connector: SourceConnector;
  /** The memory the connector was built with, when it uses one. */
  readonly memory?: MapMemory;
  /** Page size to read with: small, so the suite crosses pages. */
  readonly pageSize: number;
  /** At least this many events are waiting in the source when the suite starts. */
  readonly minimumEvents: number;
  close(): Promise<void>;
}

/** Reads from the start to the end, checking each page twice (determinism) before moving on. */
async function readToEnd(source: SourceUnderTest): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 10_000; pages++) {
    const page = await source.connector.pull(cursor, source.pageSize);
    const again = await source.connector.pull(cursor, source.pageSize);
    assert.deepEqual(
      again.events.map((e) => `${e.source}|${e.id}`),
      page.events.map((e) => `${e.source}|${e.id}`),
      `re-reading the page after cursor ${String(cursor)} must give the same event ids`,
    );
    assert.equal(again.nextCursor, page.nextCursor, 're-reading a page must give the same next cursor');
    for (const event of page.events) {
      const checked = validateEvent(event);
      assert.ok(checked.ok, `${event.type} ${event.id} breaks the contract: ${JSON.stringify(checked)}`);
      ids.push(`${event.source}|${event.id}`);
    }
    source.memory?.apply(page.remember);
    if (page.nextCursor !== undefined) cursor = page.nextCursor;
    if (!page.hasMore) return { ids, pages };
  }
  throw new Error('the source never said hasMore: false');
}

/** `skip`: the reason the connector's server is missing (see `skipUnlessUp`), or false. */
export interface ContractOptions {
  readonly skip?: string | false;
}

export function sourceContract(
  name: string,
  open: () => Promise<SourceUnderTest>,
  options: ContractOptions = {},
): void {
  describe(`source connector contract: ${name}`, { skip: options.skip ?? false }, () => {
    let opened: SourceUnderTest | undefined;
    const source = (): SourceUnderTest => {
      if (!opened) throw new Error(`the ${name} source did not open`);
      return opened;
    };
    before(async () => {
      opened = await open();
    });
    after(async () => {
      await opened?.close();
    });

    it('pages from the start to the end: valid canonical events, each once, deterministic pages', async () => {
      const { ids, pages } = await readToEnd(source());
      const { minimumEvents } = source();
      assert.ok(ids.length >= minimumEvents, `expected >= ${minimumEvents} events, got ${ids.length}`);
      assert.ok(pages > 1, 'the suite must cross a page boundary (use a smaller page size)');
      assert.equal(new Set(ids).size, ids.length, 'an event id came twice within one read');
    });

    it('a webhook reader never throws: garbage is refused with 400, 401 or 422', () => {
      for (const rawBody of ['', 'not json', '{"a":', '{}', '[]', '\u0000\u00ff']) {
        const outcome = source().connector.receiveWebhook({ headers: {}, rawBody });
        assert.equal(outcome.ok, false, `accepted ${JSON.stringify(rawBody)}`);
        if (!outcome.ok) {
          assert.ok([400, 401, 422].includes(outcome.status), `status ${outcome.status}`);
          assert.ok(outcome.reasonCode.length > 0 && outcome.message.length > 0);
        }
      }
    });
  });
}

export interface TargetUnderTest {
  readonly connector: TargetConnector;
  /** Valid commands the target supports, in an order it can carry out (e.g. a project, then its time). */
  readonly commands: readonly TargetCommand[];
  /** A valid command of a kind this target does not carry out, if there is one. */
  readonly unsupported?: TargetCommand;
  /** The same connector pointed at a port where nothing listens. */
  readonly unreachable: TargetConnector;
  close(): Promise<void>;
}

export function targetContract(
  name: string,
  open: () => Promise<TargetUnderTest>,
  options: ContractOptions = {},
): void {
  describe(`target connector contract: ${name}`, { skip: options.skip ?? false }, () => {
    let opened: TargetUnderTest | undefined;
    const target = (): TargetUnderTest => {
      if (!opened) throw new Error(`the ${name} target did not open`);
      return opened;
    };
    before(async () => {
      opened = await open();
    });
    after(async () => {
      await opened?.close();
    });

    it('answers one result per command, in order, and recognises every resend', async () => {
      const { connector, commands } = target();
      assert.deepEqual(await connector.push([]), []);
      const first = await connector.push(commands);
      assert.equal(first.length, commands.length);
      first.forEach((r, i) => assert.equal(r.outcome, 'ok', `${commands[i]?.kind}: ${JSON.stringify(r)}`));
      const again = await connector.push(commands);
      assert.equal(again.length, commands.length);
      again.forEach((r, i) => {
        const before = first[i];
        assert.ok(r.outcome === 'ok' && before?.outcome === 'ok', JSON.stringify(r));
        assert.equal(r.externalId, before.externalId, `${commands[i]?.kind}: a resend got a new id`);
        assert.equal(r.replayed, true, `${commands[i]?.kind}: a resend was not recognised`);
      });
    });

    it('refuses a command kind it does not carry out, naming it', async (t) => {
      const { connector, unsupported } = target();
      if (!unsupported) return t.skip('this target carries out every command kind');
      const [result] = await connector.push([unsupported]);
      assert.equal(result?.outcome, 'reject', JSON.stringify(result));
      if (result?.outcome === 'reject') {
        assert.match(result.reasonCode, /unsupported_command$/);
        assert.ok(result.message.includes(unsupported.kind), result.message);
      }
    });

    it('answers retry for every command when the server is unreachable, and never throws', async () => {
      const { unreachable, commands } = target();
      const results = await unreachable.push(commands);
      assert.equal(results.length, commands.length);
      for (const r of results) assert.equal(r.outcome, 'retry', JSON.stringify(r));
    });
  });
}

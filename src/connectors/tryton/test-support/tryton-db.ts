// Real-server tests: each test file gets its own Tryton database, copied from the template that
// `scripts/real-systems/tryton.sh init` built (no server restart needed), and drops it afterwards.
// Test files take turns on the server: trytond 6.0 builds a database's model pool on its first request,
// and requests on other databases in flight meanwhile fail inside Tryton (seen: AssertionError and
// "'ir.model' Model has no attribute 'name'" in ir/model.py). One database per server, as in production,
// never meets this.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answers, skipUnlessUp } from '../../../../test/support/real-system.ts';
import { takeTurn } from '../../../../test/support/take-turn.ts';
import { createTrytonConnector, type TrytonConnector, type TrytonConnectorOptions } from '../connector.ts';
import { TrytonRpc } from '../rpc-client.ts';

export const TRYTON_URL = process.env['TRYTON_URL'] ?? 'http://127.0.0.1:8000';
const SCRIPT = fileURLToPath(new URL('../../../../scripts/real-systems/tryton.sh', import.meta.url));
const PASSWORD_FILE = process.env['TRYTON_ADMIN_PASSWORD_FILE'] ?? '/var/lib/tryton/.ledgerline-admin';

/** `{ skip }` for a suite: false when Tryton answers common.server.version. */
export function skipUnlessTryton(): Promise<false | string> {
  return skipUnlessUp({
    name: 'Tryton',
    where: TRYTON_URL,
    howToStart:
      'scripts/real-systems/tryton.sh install && scripts/real-systems/tryton.sh init && scripts/real-systems/tryton.sh start',
    isUp: () =>
      answers(`${TRYTON_URL}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 0, method: 'common.server.version', params: [] }),
      }),
  });
}

export function adminPassword(): string {
  return readFileSync(PASSWORD_FILE, 'utf8').trim();
}

export interface TestDatabase {
  readonly name: string;
  connector(overrides?: Partial<TrytonConnectorOptions>): TrytonConnector;
  /** A raw client on the same database, for what an operator would do in Tryton's own client. */
  rpc(): TrytonRpc;
  drop(): Promise<void>;
}

/** The file's own database; waits for its turn on the server. */
export async function newDatabase(label: string): Promise<TestDatabase> {
  const release = await takeTurn('tryton');
  const name = `lltest_${label}_${process.pid}_${Date.now().toString(36)}`;
  try {
    execFileSync(SCRIPT, ['new-db', name], { stdio: 'pipe' });
  } catch (error) {
    release();
    throw error;
  }
  const opened: { close(): Promise<void> }[] = [];
  return {
    name,
    connector(overrides = {}) {
      const connector = createTrytonConnector({
        system: 'tryton',
        baseUrl: TRYTON_URL,
        database: name,
        username: 'admin',
        password: adminPassword(),
        legalEntityId: 'LL-NL',
        ...overrides,
      });
      opened.push(connector);
      return connector;
    },
    rpc() {
      const rpc = new TrytonRpc({
        baseUrl: TRYTON_URL,
        database: name,
        username: 'admin',
        password: adminPassword(),
        timeoutMs: 60_000,
      });
      opened.push(rpc);
      return rpc;
    },
    async drop() {
      try {
        await Promise.all(opened.map((c) => c.close()));
        execFileSync(SCRIPT, ['drop-db', name], { stdio: 'pipe' });
      } finally {
        release();
      }
    },
  };
}

// Tryton's JSON-RPC over HTTP: `POST {baseUrl}/{db}/` with `{id, method, params}`. One login per client
// (password hashing costs ~0.5 s on the server); when the session expires or is killed (401/403) the
// client logs in again once and repeats the call. Model calls get the user's context as last parameter.
// Failures throw TrytonCallError, which the connector turns into push results at its boundary.
import type { TSchema, Static } from '@sinclair/typebox';
import { JsonHttp } from '../kit/json-http.ts';
import { compileChecker, type Checker } from '../kit/schema-checker.ts';
import { rpcErrorFailure, transportFailure, TrytonCallError } from './rpc-failure.ts';

export interface TrytonRpcOptions {
  readonly baseUrl: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
}

type Context = Readonly<Record<string, unknown>>;

interface Session {
  readonly authorization: string;
  context: Context;
}

const DATABASE = /^[A-Za-z0-9_]{1,63}$/;

export class TrytonRpc {
  readonly #http: JsonHttp;
  readonly #path: string;
  readonly #options: TrytonRpcOptions;
  #session: Promise<Session> | undefined;
  #nextId = 1;
  #logins = 0;
  #calls = 0;

  constructor(options: TrytonRpcOptions) {
    if (!DATABASE.test(options.database))
      throw new RangeError(`database must match ${DATABASE.source}: "${options.database}"`);
    this.#options = options;
    this.#path = `/${options.database}/`; // the trailing slash matters to Tryton's router
    this.#http = new JsonHttp(options.baseUrl, { timeoutMs: options.timeoutMs, connections: 4 });
  }

  /** How many times this client logged in (once per run, plus once per expired session). */
  get logins(): number {
    return this.#logins;
  }

  /** Requests sent so far (logins included): what a batch costs. */
  get calls(): number {
    return this.#calls;
  }

  /** One JSON-RPC call; `authorization` undefined for the unauthenticated ones (version, login). */
  async #send(method: string, params: readonly unknown[], authorization?: string): Promise<unknown> {
    this.#calls += 1;
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const outcome = await this.#http.request('POST', this.#path, headers, {
      id: this.#nextId++,
      method,
      params,
    });
    if (outcome.kind !== 'response' || outcome.status !== 200)
      throw new TrytonCallError(transportFailure(method, outcome));
    const body = outcome.body;
    if (typeof body !== 'object' || body === null)
      throw new TrytonCallError({
        retryable: true,
        reasonCode: 'tryton.bad_response',
        message: `${method}: no JSON answer`,
      });
    if ('error' in body && body.error !== null && body.error !== undefined)
      throw new TrytonCallError(rpcErrorFailure(method, body.error));
    return 'result' in body ? body.result : undefined;
  }

  async #login(): Promise<Session> {
    const { username, password } = this.#options;
    const answer = await this.#send('common.db.login', [username, { password }, 'en']);
    if (!Array.isArray(answer) || typeof answer[0] !== 'number' || typeof answer[1] !== 'string')
      throw new TrytonCallError({
        retryable: false,
        reasonCode: 'tryton.unauthorized',
        message: `common.db.login: user "${username}" was refused by database "${this.#options.database}"`,
      });
    this.#logins += 1;
    const token = Buffer.from(`${username}:${answer[0]}:${answer[1]}`).toString('base64');
    const session: Session = { authorization: `Session ${token}`, context: {} };
    session.context = await this.#preferences(session);
    return session;
  }

  async #preferences(session: Session): Promise<Context> {
    const context = await this.#send('model.res.user.get_preferences', [true, {}], session.authorization);
    return typeof context === 'object' && context !== null ? (context as Context) : {};
  }

  #currentSession(): Promise<Session> {
    if (this.#session === undefined) {
      const pending = this.#login();
      // A failed login is not kept: the next call tries again.
      pending.catch(() => {
        if (this.#session === pending) this.#session = undefined;
      });
      this.#session = pending;
    }
    return this.#session;
  }

  /** An authenticated call; on 401/403 logs in again once and repeats it. */
  async call(method: string, params: (context: Context) => readonly unknown[]): Promise<unknown> {
    const session = await this.#currentSession();
    try {
      return await this.#send(method, params(session.context), session.authorization);
    } catch (error) {
      if (!(error instanceof TrytonCallError) || error.failure.reasonCode !== 'tryton.unauthorized')
        throw error;
      // Only the session that was refused is dropped; a concurrent call may have logged in already.
      const current = await this.#session?.catch(() => undefined);
      if (current === session) this.#session = undefined;
      const fresh = await this.#currentSession();
      return this.#send(method, params(fresh.context), fresh.authorization);
    }
  }

  /** `model.<model>.<method>` with the user's context appended, as the Tryton client does. */
  model(model: string, method: string, ...args: readonly unknown[]): Promise<unknown> {
    return this.call(`model.${model}.${method}`, (context) => [...args, context]);
  }

  /** Like `model`, with the answer checked against a schema at the edge. */
  async modelChecked<S extends TSchema>(
    checker: Checker<S>,
    model: string,
    method: string,
    ...args: readonly unknown[]
  ): Promise<Static<S>> {
    return checked(checker, `${model}.${method}`, await this.model(model, method, ...args));
  }

  /** Re-reads the user's preferences (after the bootstrap attached a company to the user). */
  async refreshContext(): Promise<void> {
    const session = await this.#currentSession();
    session.context = await this.#preferences(session);
  }

  async context(): Promise<Context> {
    return (await this.#currentSession()).context;
  }

  /** Ends the session on the server (tests use it to force a re-login). */
  async logout(): Promise<void> {
    const session = await this.#currentSession();
    await this.#send('common.db.logout', [], session.authorization);
  }

  /** `common.server.version`, unauthenticated: the readiness probe. */
  version(): Promise<unknown> {
    return this.#send('common.server.version', []);
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

const checkers = new WeakMap<TSchema, Checker<TSchema>>();

/** A checker per schema, compiled once. */
export function checkerOf<S extends TSchema>(schema: S): Checker<S> {
  let checker = checkers.get(schema);
  if (checker === undefined) {
    checker = compileChecker(schema);
    checkers.set(schema, checker);
  }
  return checker as Checker<S>;
}

/** An answer Tryton should not have sent (another version, another module set): not retryable. */
export function checked<S extends TSchema>(checker: Checker<S>, what: string, value: unknown): Static<S> {
  const result = checker(value);
  if (result.ok) return result.value;
  throw new TrytonCallError({
    retryable: false,
    reasonCode: 'tryton.bad_response',
    message: `${what} answered an unexpected shape: ${result.errors.join('; ')}`,
  });
}

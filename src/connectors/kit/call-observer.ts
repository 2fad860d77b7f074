// Who is listening to a connector's HTTP calls right now. A deliverer runs a push inside `observeCalls`
// and gets back each call the connector made for it (status, duration) without any connector knowing:
// JsonHttp reports to the observer of the async context it was called in, and to none outside one.
import { AsyncLocalStorage } from 'node:async_hooks';

/** One HTTP call to a system: its status code, or `timeout` / `network` when no answer came. */
export interface ObservedCall {
  readonly status: string;
  readonly ms: number;
}

const observer = new AsyncLocalStorage<ObservedCall[]>();

/** The calls' sink of the current context, if someone is observing. */
export function currentCallSink(): ObservedCall[] | undefined {
  return observer.getStore();
}

/** Runs `work`, collecting every HTTP call made on its behalf. */
export async function observeCalls<T>(work: () => Promise<T>): Promise<{ value: T; calls: ObservedCall[] }> {
  const calls: ObservedCall[] = [];
  const value = await observer.run(calls, work);
  return { value, calls };
}

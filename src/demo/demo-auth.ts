// `ledgerline demo --stay` keeps the API and console up for a person to look around, so it runs them the
// way a firm would: with authentication on. It issues itself an admin API key, printed once with a console
// link that signs in (ADR 0020). A demo that exits at once serves nobody and stays unauthenticated.
import type { Config } from '../config/schema.ts';
import type { Store } from '../store/port.ts';
import { issueApiKey } from '../security/auth/api-keys.ts';

export function withDemoAuth(config: Config, staying: boolean): Config {
  return staying ? { ...config, security: { auth: { apiKeys: true } } } : config;
}

/** The admin key the staying demo prints; undefined when it does not stay. */
export async function demoConsoleKey(store: Store, staying: boolean): Promise<string | undefined> {
  if (!staying) return undefined;
  const issued = await issueApiKey(store, { name: 'demo console', roles: ['admin'], actor: 'demo' });
  return issued.text;
}

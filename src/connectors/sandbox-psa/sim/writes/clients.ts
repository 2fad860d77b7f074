// PUT /api/v2/clients/:ref: the client master as the ERP keeps it, written under the ERP's reference.
// The first write creates the PSA's client (201), later ones update it (200); the PSA's id stays.
import { ClientWrite, type VendorClient } from '../../vendor/billing-records.ts';
import { compileChecker } from '../../../kit/schema-checker.ts';
import { checkInput } from '../check-input.ts';
import { SandboxPsaError } from '../errors.ts';
import type { WriteAnswer } from '../idempotency.ts';
import type { PsaStore } from '../store.ts';
import { checkCurrency } from './money-checks.ts';
import { nextClientId } from './next-id.ts';

const checkClient = compileChecker(ClientWrite);
const REF = /^[A-Za-z0-9._:/-]{1,200}$/;

export function clientByRef(store: PsaStore, ref: string): VendorClient | undefined {
  for (const client of store.clients.values()) if (client.external_ref === ref) return client;
  return undefined;
}

export function upsertClient(store: PsaStore, ref: string, body: unknown): WriteAnswer {
  if (!REF.test(ref))
    throw new SandboxPsaError('invalid_request', `"${ref}" is not a client reference`, [], 'invalid_ref');
  const input = checkInput(checkClient, body, 'client');
  if (input.billing_currency != null) checkCurrency(input.billing_currency, 'billing_currency');
  const existing = clientByRef(store, ref);
  const client: VendorClient = {
    id: existing?.id ?? nextClientId(store),
    external_ref: ref,
    name: input.name,
    legal_name: input.legal_name ?? null,
    billing_currency: input.billing_currency ?? null,
    active: input.active,
  };
  store.clients.set(client.id, client);
  store.changed();
  return { status: existing ? 200 : 201, body: client };
}

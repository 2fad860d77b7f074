// Reads one client back (GET /api/v2/clients/:id) for reconciliation, parsed at the edge into the
// canonical view; a 404 means the PSA has no such client.
import { request } from 'undici';
import type { HeldCustomer } from '../../kit/connector.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { VendorClient } from '../vendor/billing-records.ts';

const checkClient = compileChecker(VendorClient);

export async function readClient(
  baseUrl: string,
  clientId: string,
  timeoutMs: number,
): Promise<HeldCustomer | undefined> {
  const url = new URL(
    `api/v2/clients/${encodeURIComponent(clientId)}`,
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  );
  const response = await request(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.body.text();
  if (response.statusCode === 404) return undefined;
  if (response.statusCode !== 200)
    throw new Error(
      `the PSA answered ${response.statusCode} reading client ${clientId}: ${text.slice(0, 200)}`,
    );
  const checked = checkClient(JSON.parse(text) as unknown);
  if (!checked.ok)
    throw new Error(`client ${clientId} from the PSA is malformed: ${checked.errors.join('; ')}`);
  const client = checked.value;
  return {
    name: client.name,
    legalName: client.legal_name,
    billingCurrency: client.billing_currency,
    takesNewWork: client.active,
  };
}

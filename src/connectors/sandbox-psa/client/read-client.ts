// Reads one client back (GET /api/v2/clients/:id) for reconciliation, parsed at the edge into the
// canonical view; a 404 means the PSA has no such client.
import type { HeldCustomer } from '../../kit/connector.ts';
import type { JsonHttp } from '../../kit/json-http.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { VendorClient } from '../vendor/billing-records.ts';

const checkClient = compileChecker(VendorClient);

export async function readClient(http: JsonHttp, clientId: string): Promise<HeldCustomer | undefined> {
  const outcome = await http.request('GET', `/api/v2/clients/${encodeURIComponent(clientId)}`, {});
  if (outcome.kind !== 'response')
    throw new Error(`reading client ${clientId} from the PSA: ${outcome.message}`);
  if (outcome.status === 404) return undefined;
  if (outcome.status !== 200)
    throw new Error(
      `the PSA answered ${outcome.status} reading client ${clientId}: ${JSON.stringify(outcome.body)}`,
    );
  const checked = checkClient(outcome.body);
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

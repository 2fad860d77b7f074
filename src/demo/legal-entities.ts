// The demo firm's companies as the legal entities Ledgerline is configured with.
import type { Config } from '../config/schema.ts';
import type { Firm } from '../connectors/sandbox-psa/firm.ts';

export function legalEntitiesOf(firm: Firm): Config['legalEntities'] {
  return firm.companies.map((c) => ({
    id: c.code,
    name: c.name,
    country: c.country,
    functionalCurrency: c.currency,
  }));
}

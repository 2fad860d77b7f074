// The sandbox PSA's side of the firm, loaded through POST /admin/seed before the run: its companies,
// consultants, clients (already linked to the ERP's customers, so the ERP's customer master updates them)
// and projects under the native ids the canonical events name. Time, expenses and milestones are not
// seeded: in this run they arrive over HTTP, and the PSA only receives what Ledgerline writes back.
import type { Firm } from '../../src/connectors/sandbox-psa/firm.ts';
import { entities, type BenchFirm } from './firm.ts';

const vendorBilling = {
  'time-and-materials': 'time_and_materials',
  'fixed-fee': 'fixed_fee',
  retainer: 'retainer',
  'non-billable': 'non_billable',
} as const;

export function psaSeed(firm: BenchFirm): Firm {
  return {
    companies: entities.map((e) => ({ code: e.id, name: e.name, country: e.country, currency: e.currency })),
    users: Array.from({ length: firm.resources }, (_, i) => ({
      id: `U-${i + 1}`,
      name: `Consultant ${i + 1}`,
      email: `consultant${i + 1}@ledgerline.example`,
      cost_rate: `${55 + ((i + 1) % 40)}.50`,
      cost_currency: 'GBP',
    })),
    clients: firm.customers.map((c) => ({
      id: c.psaClientId,
      external_ref: c.id,
      name: c.name,
      legal_name: `${c.name} Holdings`,
      billing_currency: c.entity.currency,
      active: true,
    })),
    projects: firm.projects.map((p) => ({
      id: p.nativeId,
      code: p.code,
      name: p.name,
      client_id: p.customer.psaClientId,
      client_name: p.customer.name,
      status: 'active' as const,
      company: p.entity.id,
      currency: p.entity.currency,
      tax_treatment: 'standard' as const,
      billing_method: vendorBilling[p.billingModel],
    })),
    time_entries: [],
  };
}

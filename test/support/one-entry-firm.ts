// A sandbox PSA firm with one approved, billable time entry in October 2026 (7.5 h at 133.33 GBP, cost
// 62.50 GBP an hour): a period run against an ERP that was sent nothing finds it missing twice.
import type { Firm } from '../../src/connectors/sandbox-psa/firm.ts';

export const oneEntryFirm: Firm = {
  companies: [{ code: 'LL-UK', name: 'Ledgerline Consulting Ltd', country: 'GB', currency: 'GBP' }],
  users: [
    {
      id: 'U-1',
      name: 'Amelia Smith',
      email: 'amelia@ledgerline.example',
      cost_rate: '62.50',
      cost_currency: 'GBP',
    },
  ],
  projects: [
    {
      id: 'P-1',
      code: 'ACME-TM',
      name: 'ERP Implementation',
      client_id: 'C-1',
      client_name: 'Acme',
      status: 'active',
      company: 'LL-UK',
      currency: 'GBP',
      tax_treatment: 'standard',
      billing_method: 'time_and_materials',
    },
  ],
  time_entries: [
    {
      id: 100001,
      user_id: 'U-1',
      project_id: 'P-1',
      spent_on: '2026-10-05',
      hours: 7.5,
      billable: true,
      bill_rate: '133.33',
      currency: 'GBP',
      notes: 'Workshop',
      status: 'approved',
      approved_at: '2026-10-05T17:00:00Z',
      approved_by: 'U-1',
    },
  ],
  expenses: [],
  milestones: [],
};

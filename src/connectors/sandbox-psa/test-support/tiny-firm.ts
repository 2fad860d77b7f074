// A hand-written firm small enough to check by hand. Expected figures (per entry, rounded once, half-up):
//   100001  7.5 h x 133.33 GBP = 999.975 -> 999.98   cost 7.5 x 62.50 = 468.75
//   100002 0.25 h x 133.33 GBP = 33.3325 -> 33.33    cost 0.25 x 62.50 = 15.625 -> 15.63
//   100003    8 h x 145.00 EUR = 1160.00             cost 8 x 70.00 = 560.00
//   100004 2.75 h x 145.00 EUR = 398.75              cost 2.75 x 70.00 = 192.50
//   100005  1.5 h non-billable (EUR)                 cost 1.5 x 70.00 = 105.00
//   100006  0.5 h x 133.33 GBP = 66.665 -> 66.67     cost 0.5 x 80.00 = 40.00
//   100007    4 h x 133.33 GBP (submitted, not yet approved) = 533.32, cost 250.00
//   100008 0.25 h non-billable (GBP)                 cost 15.625 -> 15.63
// Rounding the sums instead would give GBP billable 1099.97 and GBP cost 540.00, so the totals below
// (1099.98 and 540.01) prove per-entry rounding.
// P-1002 is late (1 of its 3 approvals precedes its activation); P-1003 lacks company and tax treatment.
import type { Firm } from '../firm.ts';
import type { VendorTimeEntry } from '../vendor/schemas.ts';

function entry(
  id: number,
  user: string,
  project: string,
  day: string,
  hours: number,
  rate: string | null,
  currency: string,
  approvedAt: string | null,
): VendorTimeEntry {
  return {
    id,
    user_id: user,
    project_id: project,
    spent_on: `2026-07-${day}`,
    hours,
    billable: rate !== null,
    bill_rate: rate,
    currency,
    notes: rate === null ? 'Internal review and QA' : 'Workshop with client finance team',
    status: approvedAt === null ? 'submitted' : 'approved',
    approved_at: approvedAt,
    approved_by: approvedAt === null ? null : 'U-3',
  };
}

export function tinyFirm(): Firm {
  return {
    companies: [
      { code: 'LL-UK', name: 'Ledgerline Consulting Ltd', country: 'GB', currency: 'GBP' },
      { code: 'LL-DE', name: 'Ledgerline Beratung GmbH', country: 'DE', currency: 'EUR' },
    ],
    users: [
      {
        id: 'U-1',
        name: 'Amelia Smith',
        email: 'amelia.smith@ledgerline.example',
        cost_rate: '62.50',
        cost_currency: 'GBP',
      },
      {
        id: 'U-2',
        name: 'Lukas Müller',
        email: 'lukas.mueller@ledgerline.example',
        cost_rate: '70.00',
        cost_currency: 'EUR',
      },
      {
        id: 'U-3',
        name: 'Priya Patel',
        email: 'priya.patel@ledgerline.example',
        cost_rate: '80.00',
        cost_currency: 'GBP',
      },
    ],
    projects: [
      {
        id: 'P-1001',
        code: 'ACME-2026-01',
        name: 'ERP Implementation',
        client_id: 'C-101',
        client_name: 'Acme Logistics',
        status: 'active',
        company: 'LL-UK',
        currency: 'GBP',
        tax_treatment: 'standard',
        billing_method: 'time_and_materials',
      },
      {
        id: 'P-1002',
        code: 'GLBX-2026-01',
        name: 'Finance Transformation',
        client_id: 'C-102',
        client_name: 'Globex Energy',
        status: 'active',
        company: 'LL-DE',
        currency: 'EUR',
        tax_treatment: 'reverse-charge',
        billing_method: 'fixed_fee',
        late: true,
      },
      {
        id: 'P-1003',
        code: 'INIT-2026-01',
        name: 'Data Platform Migration',
        client_id: 'C-103',
        client_name: 'Initech Software',
        status: 'active',
        company: null,
        currency: 'GBP',
        tax_treatment: null,
        billing_method: 'time_and_materials',
        pending_setup: { company: 'LL-UK', tax_treatment: 'standard' },
      },
    ],
    time_entries: [
      entry(100001, 'U-1', 'P-1001', '06', 7.5, '133.33', 'GBP', '2026-07-08T10:00:00+01:00'),
      entry(100002, 'U-1', 'P-1001', '07', 0.25, '133.33', 'GBP', '2026-07-08T10:05:00+01:00'),
      entry(100003, 'U-2', 'P-1002', '06', 8, '145.00', 'EUR', '2026-07-07T09:00:00+02:00'),
      entry(100004, 'U-2', 'P-1002', '08', 2.75, '145.00', 'EUR', '2026-07-09T09:00:00+02:00'),
      entry(100005, 'U-2', 'P-1002', '09', 1.5, null, 'EUR', '2026-07-10T09:00:00+02:00'),
      entry(100006, 'U-3', 'P-1003', '10', 0.5, '133.33', 'GBP', '2026-07-13T11:00:00+01:00'),
      entry(100007, 'U-1', 'P-1003', '13', 4, '133.33', 'GBP', null),
      entry(100008, 'U-1', 'P-1001', '14', 0.25, null, 'GBP', '2026-07-15T16:00:00+01:00'),
    ],
  };
}

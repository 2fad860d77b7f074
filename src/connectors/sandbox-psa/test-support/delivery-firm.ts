// The tiny firm (tiny-firm.ts) with the delivery records beyond time, small enough to check by hand:
//   RC-LL-UK-2026  GBP rate card: Consultant 125.00, Manager 175.00, U-1 personally 133.33
//   P-1002 (fixed fee, EUR): task plan TK-1 > TK-2, TK-3; milestone M-1 30000.00 completed, M-2 planned
//   E-1 rail 142.60 GBP on P-1001, approved; E-2 hotel 210.00 EUR on P-1002, rejected (no receipt);
//   E-3 mileage 45.00 GBP on P-1001, still submitted
//   P-1001 closed on 2026-07-15, after its last approval.
// Published order (act_N): users 1-3, rate card 4, then by time with P-1002 late (2 of its 5 items
// first): 100003, P-1001 activated, 100001, 100002, E-1 approved, 100004, P-1002 activated, its task
// plan, E-2 rejected, M-1 completed, 100005, P-1003 activated, 100006, 100008; P-1001 closed last (19).
import type { Firm } from '../firm.ts';
import { tinyFirm } from './tiny-firm.ts';

export function deliveryFirm(): Firm {
  const firm = tinyFirm();
  return {
    ...firm,
    projects: firm.projects.map((p) =>
      p.id === 'P-1001' ? { ...p, status: 'closed', closed_on: '2026-07-15' } : p,
    ),
    rate_cards: [
      {
        id: 'RC-LL-UK-2026',
        name: 'UK rates 2026',
        company: 'LL-UK',
        currency: 'GBP',
        effective_from: '2026-07-01',
        lines: [
          { role: 'Consultant', user_id: null, bill_rate: '125.00' },
          { role: 'Manager', user_id: null, bill_rate: '175.00' },
          { role: null, user_id: 'U-1', bill_rate: '133.33' },
        ],
      },
    ],
    task_plans: [
      {
        project_id: 'P-1002',
        revision: 1,
        tasks: [
          { id: 'TK-1', parent_id: null, name: 'Target design', planned_hours: '320', billable: true },
          {
            id: 'TK-2',
            parent_id: 'TK-1',
            name: 'Order-to-cash process design',
            planned_hours: '120.5',
            billable: true,
          },
          {
            id: 'TK-3',
            parent_id: null,
            name: 'Internal quality review',
            planned_hours: '40',
            billable: false,
          },
        ],
      },
    ],
    milestones: [
      {
        id: 'M-1',
        project_id: 'P-1002',
        name: 'Target design signed off',
        due_on: '2026-07-31',
        amount: '30000.00',
        currency: 'EUR',
        status: 'completed',
        completed_on: '2026-07-09',
        completed_at: '2026-07-09T16:00:00+02:00',
      },
      {
        id: 'M-2',
        project_id: 'P-1002',
        name: 'Go-live',
        due_on: '2026-09-30',
        amount: '20000.00',
        currency: 'EUR',
        status: 'planned',
        completed_on: null,
        completed_at: null,
      },
    ],
    expenses: [
      {
        id: 'E-1',
        user_id: 'U-1',
        project_id: 'P-1001',
        spent_on: '2026-07-06',
        category: 'rail',
        amount: '142.60',
        currency: 'GBP',
        billable: true,
        reimbursable: true,
        receipt_ref: 'RCPT-88213',
        description: 'Return rail fare London-Manchester for the close workshop',
        status: 'approved',
        reviewed_at: '2026-07-08T12:00:00+01:00',
        reviewed_by: 'U-3',
        rejection_reason: null,
      },
      {
        id: 'E-2',
        user_id: 'U-2',
        project_id: 'P-1002',
        spent_on: '2026-07-07',
        category: 'hotel',
        amount: '210.00',
        currency: 'EUR',
        billable: false,
        reimbursable: true,
        receipt_ref: null,
        description: 'Hotel Frankfurt, one night',
        status: 'rejected',
        reviewed_at: '2026-07-09T10:00:00+02:00',
        reviewed_by: 'U-3',
        rejection_reason: 'No receipt attached',
      },
      {
        id: 'E-3',
        user_id: 'U-1',
        project_id: 'P-1001',
        spent_on: '2026-07-13',
        category: 'mileage',
        amount: '45.00',
        currency: 'GBP',
        billable: true,
        reimbursable: true,
        receipt_ref: null,
        description: '100 miles to the client site at 0.45',
        status: 'submitted',
        reviewed_at: null,
        reviewed_by: null,
        rejection_reason: null,
      },
    ],
  };
}

// A hand-written pipeline small enough to check by hand. Deal values in minor units and what they are:
//   D-000001 ACME    12000000 GBP  = 120000.00   won   (every finance field)
//   D-000002 GLOBEX   4825075 EUR  =  48250.75   won   (no tax code, no billing model)
//   D-000003 NAKAMURA 15000000 JPY = 15000000    won   (zero-decimal currency)
//   D-000004 ACME     3000000 GBP  =  30000.00   lost
//   D-000005 GLOBEX    900005 EUR  =   9000.05   open  (proposal)
//   D-000006 GULF    12345678 KWD  =  12345.678  won   (three-decimal currency)
//   D-000007 ACME           1 GBP  =      0.01   open  (negotiation)
// Published in time order, the 18 stage changes are DE-000000001..18; the four wins are the last four:
// D-000001 (15), D-000002 (16), D-000003 (17), D-000006 (18).
import type { CrmPipeline, SeedDeal, StageChange } from '../crm-pipeline.ts';
import type { DealStage } from '../vendor/records.ts';

const at = (stage: DealStage, day: string, hour = '09'): StageChange => ({
  stage,
  at: `2026-${day}T${hour}:00:00+00:00`,
});

const deal = (
  id: string,
  account: string,
  title: string,
  minor: number,
  currency: string,
  stages: StageChange[],
  finance: Partial<Pick<SeedDeal, 'booking_entity' | 'billing_currency' | 'billing_model' | 'tax_code'>>,
): SeedDeal => ({
  id,
  account_id: account,
  title,
  deal_value_minor: minor,
  currency_code: currency,
  close_date: '2026-05-29',
  start_date: '2026-07-06',
  owner_email: 'amelia.hart@ledgerline.example',
  ...finance,
  stages,
});

export function tinyPipeline(): CrmPipeline {
  return {
    accounts: [
      { id: 'ACME', name: 'Acme Logistics', legal_entity: 'LL-UK', default_currency: 'GBP' },
      { id: 'GLOBEX', name: 'Globex Energy', legal_entity: 'LL-DE', default_currency: 'EUR' },
      { id: 'NAKAMURA', name: 'Nakamura KK', legal_entity: 'LL-JP', default_currency: 'JPY' },
      { id: 'GULF', name: 'Gulf Holdings', legal_entity: 'LL-KW' },
    ],
    deals: [
      deal(
        'D-000001',
        'ACME',
        'ERP Implementation',
        12_000_000,
        'GBP',
        [
          at('qualification', '04-01'),
          at('proposal', '04-08'),
          at('negotiation', '04-20'),
          at('closed_won', '05-04', '10'),
        ],
        {
          booking_entity: 'LL-UK',
          billing_currency: 'GBP',
          billing_model: 'fixed_price',
          tax_code: 'standard',
        },
      ),
      deal(
        'D-000002',
        'GLOBEX',
        'Finance Transformation',
        4_825_075,
        'EUR',
        [at('qualification', '04-02'), at('proposal', '04-10'), at('closed_won', '05-06')],
        { booking_entity: 'LL-DE', billing_currency: 'EUR' },
      ),
      deal(
        'D-000003',
        'NAKAMURA',
        'Data Platform Migration',
        15_000_000,
        'JPY',
        [at('qualification', '04-03'), at('closed_won', '05-08')],
        {
          booking_entity: 'LL-JP',
          billing_currency: 'JPY',
          billing_model: 'time_and_materials',
          tax_code: 'exempt',
        },
      ),
      deal(
        'D-000004',
        'ACME',
        'Cloud Cost Review',
        3_000_000,
        'GBP',
        [at('qualification', '04-04'), at('closed_lost', '04-25')],
        {},
      ),
      deal(
        'D-000005',
        'GLOBEX',
        'Reporting Automation',
        900_005,
        'EUR',
        [at('qualification', '04-05'), at('proposal', '04-30')],
        { booking_entity: 'LL-DE' },
      ),
      deal(
        'D-000006',
        'GULF',
        'Treasury System Selection',
        12_345_678,
        'KWD',
        [at('qualification', '04-06'), at('negotiation', '04-15'), at('closed_won', '05-10')],
        {
          booking_entity: 'LL-KW',
          billing_currency: 'KWD',
          billing_model: 'retainer',
          tax_code: 'zero-rated',
        },
      ),
      deal(
        'D-000007',
        'ACME',
        'Audit Support',
        1,
        'GBP',
        [at('qualification', '04-07'), at('negotiation', '05-01')],
        {
          booking_entity: 'LL-UK',
          billing_currency: 'GBP',
          billing_model: 'time_and_materials',
          tax_code: 'standard',
        },
      ),
    ],
  };
}

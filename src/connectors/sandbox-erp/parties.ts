// The customer master: an operator creates or replaces a party (the ERP is the system of record for
// customers), and each real change is published on the change feed with the party as it now is.
import { check } from './body-reader.ts';
import { canonicalJson } from './canonical-json.ts';
import type { Checked } from './checked.ts';
import { isCurrency } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import { PARTY_CODE } from './wire-feed.ts';
import type { PartyAddress, VendorParty } from './wire-feed.ts';

const PARTY_FIELDS = [
  'party_code',
  'legal_name',
  'trade_name',
  'vat_number',
  'billing_address',
  'currency',
  'company',
  'payment_terms_days',
  'active',
];
const ADDRESS_FIELDS = ['street', 'city', 'region', 'postcode', 'country'];

export function checkPartyBody(body: unknown): Checked<VendorParty> {
  return check(body, PARTY_FIELDS, (r) => {
    const tradeName = r.optionalText('trade_name', 200);
    const vatNumber = r.optionalText('vat_number', 64);
    const address = r.has('billing_address')
      ? r.nested('billing_address', ADDRESS_FIELDS, (a): PartyAddress => {
          const region = a.optionalText('region', 100);
          const postcode = a.optionalText('postcode', 20);
          return {
            street: a.textList('street', 4, 200),
            city: a.text('city', 1, 100),
            ...(region === undefined ? {} : { region }),
            ...(postcode === undefined ? {} : { postcode }),
            country: a.matching('country', (c) => /^[A-Z]{2}$/.test(c), 'an ISO 3166-1 alpha-2 code'),
          };
        })
      : undefined;
    return {
      party_code: r.matching(
        'party_code',
        (c) => PARTY_CODE.test(c),
        'letters, digits, ".", "_" or "-" (up to 64)',
      ),
      legal_name: r.text('legal_name', 1, 200),
      ...(tradeName === undefined ? {} : { trade_name: tradeName }),
      ...(vatNumber === undefined ? {} : { vat_number: vatNumber }),
      ...(address === undefined ? {} : { billing_address: address }),
      currency: r.matching('currency', isCurrency, 'an ISO 4217 currency code'),
      company: r.text('company', 1, 64),
      payment_terms_days: r.integer('payment_terms_days', 0, 365),
      active: r.flag('active'),
    };
  });
}

export interface PartyOutcome {
  readonly party_code: string;
  readonly created: boolean;
  /** The change published, or null when the party was already exactly so. */
  readonly change_id: string | null;
}

/** Creates or replaces a party (the body is the whole party). */
export function upsertParty(state: ErpState, body: unknown, now: string): Checked<PartyOutcome> {
  const checked = checkPartyBody(body);
  if (!checked.ok) return checked;
  const party = checked.value;
  if (!state.companies.has(party.company))
    return {
      ok: false,
      error: { code: 'unknown_company', message: `company "${party.company}" is not configured` },
    };
  const existing = state.receivables.parties.get(party.party_code);
  if (existing && canonicalJson(existing) === canonicalJson(party))
    return { ok: true, value: { party_code: party.party_code, created: false, change_id: null } };
  const change = state.receivables.record({ type: existing ? 'party.updated' : 'party.created', party }, now);
  return {
    ok: true,
    value: { party_code: party.party_code, created: !existing, change_id: change.change_id },
  };
}

// Operator actions on the ERP's dated reference data: publish an exchange rate, a tax rate from a date,
// close or reopen a company's period. Each is a change of the feed, so Ledgerline learns it by polling.
import type { Checked } from './checked.ts';
import type { ErpState } from './erp-state.ts';
import type { NewChange } from './receivables.ts';
import { compileChecker } from './vendor-checker.ts';
import { VendorFxRate, VendorPeriod, VendorTaxRate } from './wire-feed.ts';
import type { VendorChange } from './wire-feed.ts';

const checkFxRate = compileChecker(VendorFxRate);
const checkTaxRate = compileChecker(VendorTaxRate);
const checkPeriod = compileChecker(VendorPeriod);

export type ReferenceKind = 'fx_rate' | 'tax_rate' | 'period';

function invalid(message: string): Checked<never> {
  return { ok: false, error: { code: 'validation_failed', message } };
}

function changeOf(state: ErpState, kind: ReferenceKind, body: unknown): Checked<NewChange> {
  switch (kind) {
    case 'fx_rate': {
      const rate = checkFxRate(body);
      if (!rate.ok) return invalid(`fx rate ${rate.errors.join('; ')}`);
      if (rate.value.from_currency === rate.value.to_currency)
        return invalid('an exchange rate needs two different currencies');
      const { from_currency, to_currency, valid_from, rate: value, source } = rate.value;
      // Only the known fields are kept: the checker tolerates extra ones, the log must not.
      return {
        ok: true,
        value: {
          type: 'fx_rate.published',
          fx_rate: { from_currency, to_currency, valid_from, rate: value, source },
        },
      };
    }
    case 'tax_rate': {
      const rate = checkTaxRate(body);
      if (!rate.ok) return invalid(`tax rate ${rate.errors.join('; ')}`);
      if (!state.companies.has(rate.value.company))
        return {
          ok: false,
          error: { code: 'unknown_company', message: `company "${rate.value.company}" is not configured` },
        };
      const { company, tax_code, valid_from, rate_percent } = rate.value;
      return {
        ok: true,
        value: { type: 'tax_rate.changed', tax_rate: { company, tax_code, valid_from, rate_percent } },
      };
    }
    case 'period': {
      const period = checkPeriod(body);
      if (!period.ok) return invalid(`period ${period.errors.join('; ')}`);
      if (!state.companies.has(period.value.company))
        return {
          ok: false,
          error: { code: 'unknown_company', message: `company "${period.value.company}" is not configured` },
        };
      const { company, period: month, state: status } = period.value;
      return {
        ok: true,
        value: { type: 'period.changed', period: { company, period: month, state: status } },
      };
    }
  }
}

export function publishReference(
  state: ErpState,
  kind: ReferenceKind,
  body: unknown,
  now: string,
): Checked<VendorChange> {
  const change = changeOf(state, kind, body);
  if (!change.ok) return change;
  return { ok: true, value: state.receivables.record(change.value, now) };
}

// Calls the sandbox PSA's write API with an Idempotency-Key, as a vendor client would, and valid bodies
// to vary per test.
import type { JsonResponse } from './http.ts';

export interface WriteResponse extends JsonResponse {
  readonly replayed: boolean;
  /** `error.code` of a refusal, else undefined. */
  readonly code: string | undefined;
}

export async function writeJson(
  method: string,
  url: string,
  key: string | undefined,
  body: unknown,
): Promise<WriteResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = `"${key}"`;
  const response = await fetch(url, { method, headers, body: JSON.stringify(body) });
  const text = await response.text();
  const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  const error = (parsed as { error?: { code?: string } } | undefined)?.error;
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    replayed: response.headers.get('idempotent-replayed') === 'true',
    code: error?.code,
  };
}

export const clientBody = {
  name: 'Acme',
  legal_name: 'ACME Holdings Ltd',
  billing_currency: 'GBP',
  active: true,
};

export const invoiceBody = {
  invoice_number: 'INV-2026-0042',
  invoice_ref: 'invoice:sandbox-erp:SI-9921',
  status: 'issued',
  currency: 'GBP',
  net: '1000.00',
  tax: '200.00',
  gross: '1200.00',
  issued_on: '2026-07-31',
  due_on: '2026-08-30',
};

export const paymentBody = {
  payment_ref: 'payment:sandbox-erp:RC-1',
  invoice_number: 'INV-2026-0042',
  amount: '500.00',
  currency: 'GBP',
  received_on: '2026-08-10',
  method: 'bank_transfer',
  status: 'allocated',
};

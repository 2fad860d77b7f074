// The bench's HTTP calls: event batches to Ledgerline's intake, and the sandboxes' admin endpoints.
import type { ErpReport } from '../../src/connectors/sandbox-erp/report.ts';
import type { PsaReport } from '../../src/connectors/sandbox-psa/server.ts';

/** Posts a JSON body; anything but `expected` is an error that quotes the answer (e.g. an invalid event). */
export async function post(url: string, body: string, expected: number, what: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${what} answered ${response.status}, not ${expected}: ${text.slice(0, 2000)}`);
}

async function getJson(url: string, headers: Record<string, string>, what: string): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function erpReport(url: string, apiKey: string): Promise<ErpReport> {
  return (await getJson(
    `${url}/admin/report`,
    { authorization: `Bearer ${apiKey}` },
    'sandbox ERP report',
  )) as ErpReport;
}

/** The sandbox PSA's admin door has no authentication: it listens on 127.0.0.1 only. */
export async function psaReport(url: string): Promise<PsaReport> {
  return (await getJson(`${url}/admin/report`, {}, 'sandbox PSA report')) as PsaReport;
}

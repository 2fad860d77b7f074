// Where the vendors' published OpenAPI descriptions are: `<repo>/../shared/vendor-specs` (in CI the clone
// sits beside `shared`). Missing specs skip the contract tests with a line saying so, except under CI,
// where they are a failure (as a missing real server is, test/support/real-system.ts).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const specsDir =
  process.env['LEDGERLINE_VENDOR_SPECS'] ?? join(repoRoot, '..', 'shared', 'vendor-specs');

export const specFiles = {
  'xero-accounting': 'xero/xero_accounting.yaml',
  'xero-projects': 'xero/xero-projects.yaml',
  'xero-webhooks': 'xero/xero-webhooks.yaml',
  harvest: 'harvest/harvest-openapi.yaml',
} as const;

export type SpecName = keyof typeof specFiles;

export function specPath(name: SpecName): string {
  return join(specsDir, specFiles[name]);
}

/** false when the specs are there; else the skip reason (and under CI=true, a thrown failure). */
export function skipUnlessSpecs(...names: SpecName[]): false | string {
  const missing = names.filter((n) => !existsSync(specPath(n))).map(specPath);
  if (missing.length === 0) return false;
  const reason = `vendor OpenAPI descriptions missing: ${missing.join(', ')} (expected beside the clone in ../shared/vendor-specs, or set LEDGERLINE_VENDOR_SPECS)`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}; under CI this is a failure`);
  process.stderr.write(`# skipped: vendor contract tests: ${reason}\n`);
  return reason;
}

// `ledgerline reconcile sign-offs --config F [--period P]`: lists the sign-offs and verifies the whole
// chain; exit 1 when a row no longer verifies.
import { CliError, exitCodes } from '../../cli/cli-error.ts';
import { openStoreAt } from '../../cli/open-store.ts';
import { assertPeriod } from '../engine.ts';
import { verifyChain } from '../sign-off.ts';

export interface SignOffsOptions {
  readonly config: string;
  readonly period?: string;
  readonly json?: boolean;
}

export async function signOffsCommand(options: SignOffsOptions): Promise<void> {
  if (options.period !== undefined)
    try {
      assertPeriod(options.period);
    } catch {
      throw new CliError(`--period must be a month YYYY-MM (got "${options.period}")`);
    }
  const store = await openStoreAt({ config: options.config });
  try {
    const rows = await store.listSignOffs();
    const checks = new Map(verifyChain(rows).map((c) => [c.seq, c.problem]));
    const broken = [...checks.values()].filter((p) => p !== undefined).length;
    const listed = rows.filter((r) => options.period === undefined || r.period === options.period);
    if (options.json === true)
      process.stdout.write(
        `${JSON.stringify(
          {
            chain: broken === 0 ? 'verified' : 'broken',
            signOffs: listed.map((r) => ({
              ...r,
              totals: JSON.parse(r.totals) as unknown,
              problem: checks.get(r.seq) ?? null,
            })),
          },
          null,
          2,
        )}\n`,
      );
    else {
      const lines = listed.map((r) => {
        const problem = checks.get(r.seq);
        return [
          `#${r.seq} ${r.period} ${r.entity ?? 'every entity'} signed by ${r.signedBy} at ${r.signedAt}: ${r.differences} difference(s)${r.acceptedDifferences === null ? '' : ` accepted (${r.acceptedDifferences})`}`,
          `   totals sha256 ${r.totalsSha256}  ${problem === undefined ? 'verified' : `BROKEN: ${problem}`}`,
        ].join('\n');
      });
      if (listed.length === 0)
        lines.push(options.period === undefined ? 'no sign-offs yet' : `no sign-offs for ${options.period}`);
      lines.push(
        broken === 0
          ? `chain of ${rows.length} sign-off(s) verified`
          : `chain BROKEN: ${broken} of ${rows.length} sign-off(s) no longer verify`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (broken > 0) process.exitCode = exitCodes.checkFailed;
  } finally {
    await store.close();
  }
}

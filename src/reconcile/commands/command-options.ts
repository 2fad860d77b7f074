// The options every reconcile command shares, checked once at the edge into what the run needs.
import { CliError } from '../../cli/cli-error.ts';
import { assertPeriod } from '../engine.ts';
import type { ReconcileScope } from '../report.ts';

export type ReportFormat = 'table' | 'json' | 'csv';

export interface ScopeOptions {
  readonly period: string;
  readonly entity?: string;
}

export function scopeOf(options: ScopeOptions): ReconcileScope {
  try {
    assertPeriod(options.period);
  } catch {
    throw new CliError(`--period must be a month YYYY-MM, e.g. 2026-10 (got "${options.period}")`);
  }
  if (options.entity === '') throw new CliError('--entity names a legal entity, e.g. LL-UK');
  return options.entity === undefined
    ? { period: options.period }
    : { period: options.period, entity: options.entity };
}

export function formatOf(format: string | undefined): ReportFormat {
  const f = format ?? 'table';
  if (f === 'table' || f === 'json' || f === 'csv') return f;
  throw new CliError(`--format must be table, json or csv (got "${f}")`);
}

export function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,6}$/.test(value) || Number(value) < 1)
    throw new CliError(`${name} must be a whole number from 1 (got "${value}")`);
  return Number(value);
}

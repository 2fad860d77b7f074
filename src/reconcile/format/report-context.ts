// What a printed report says besides the engine's figures: which systems or files were compared, and the
// transaction types left out because a side cannot read them.
import type { TransactionType } from '../record.ts';

export interface NotCompared {
  readonly type: TransactionType;
  readonly reason: string;
}

export interface ReportContext {
  readonly source: string;
  readonly target: string;
  readonly notCompared: readonly NotCompared[];
}

// Period reconciliation runs on SQLite: a run and its (capped) differences written in one transaction,
// read back newest first for the console.
import type {
  NewReconciliationDifference,
  NewReconciliationRun,
  ReconciliationDifferenceFilter,
  ReconciliationRunFilter,
  StoredReconciliationDifference,
  StoredReconciliationRun,
} from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import {
  reconciliationDifferenceColumns as differenceColumns,
  reconciliationRunColumns as runColumns,
  toReconciliationDifference as toDifference,
  toReconciliationRun as toRun,
  type ReconciliationDifferenceRow as DifferenceRow,
  type ReconciliationRunRow as RunRow,
} from '../rows.ts';

export function createReconciliationRuns(db: SqliteDatabase) {
  const insertRun = db.prepare<
    [string, string | null, string, string, string, string, string, string, number, number]
  >(
    `INSERT INTO reconciliation_runs (period, entity, ran_at, ran_by, source_system, target_system, totals,
       counts, ok, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDifference = db.prepare<
    [number, number, string, string, string, string | null, string | null, string]
  >(
    `INSERT INTO reconciliation_differences (run_id, seq, class, key, entity, source, target,
       amount_difference) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const newest = db.prepare<[number], RunRow>(
    `SELECT ${runColumns} FROM reconciliation_runs ORDER BY id DESC LIMIT ?`,
  );
  const newestOfPeriod = db.prepare<[string, number], RunRow>(
    `SELECT ${runColumns} FROM reconciliation_runs WHERE period = ? ORDER BY id DESC LIMIT ?`,
  );
  const one = db.prepare<[number], RunRow>(`SELECT ${runColumns} FROM reconciliation_runs WHERE id = ?`);
  const differences = db.prepare<[number, number, number], DifferenceRow>(
    `SELECT ${differenceColumns} FROM reconciliation_differences WHERE run_id = ?
     ORDER BY seq LIMIT ? OFFSET ?`,
  );
  const differencesOfClass = db.prepare<[number, string, number, number], DifferenceRow>(
    `SELECT ${differenceColumns} FROM reconciliation_differences WHERE run_id = ? AND class = ?
     ORDER BY seq LIMIT ? OFFSET ?`,
  );

  return {
    record: writeTransaction(
      db,
      (run: NewReconciliationRun, found: readonly NewReconciliationDifference[]): StoredReconciliationRun => {
        const { lastInsertRowid } = insertRun.run(
          run.period,
          run.entity,
          run.ranAt,
          run.ranBy,
          run.sourceSystem,
          run.targetSystem,
          run.totals,
          JSON.stringify(run.counts),
          run.ok ? 1 : 0,
          run.truncated ? 1 : 0,
        );
        const id = Number(lastInsertRowid);
        found.forEach((d, seq) =>
          insertDifference.run(id, seq, d.class, d.key, d.entity, d.source, d.target, d.amountDifference),
        );
        return { id, ...run };
      },
    ),
    list(filter: ReconciliationRunFilter): StoredReconciliationRun[] {
      const rows =
        filter.period === undefined
          ? newest.all(filter.limit)
          : newestOfPeriod.all(filter.period, filter.limit);
      return rows.map(toRun);
    },
    get(id: number): StoredReconciliationRun | undefined {
      const row = one.get(id);
      return row === undefined ? undefined : toRun(row);
    },
    differences(filter: ReconciliationDifferenceFilter): StoredReconciliationDifference[] {
      const rows =
        filter.class === undefined
          ? differences.all(filter.runId, filter.limit, filter.offset)
          : differencesOfClass.all(filter.runId, filter.class, filter.limit, filter.offset);
      return rows.map(toDifference);
    },
  };
}

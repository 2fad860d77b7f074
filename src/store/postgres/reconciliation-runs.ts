// Period reconciliation runs on PostgreSQL: a run and its (capped) differences written in one
// transaction, read back newest first for the console.
import type pg from 'pg';
import type {
  NewReconciliationDifference,
  NewReconciliationRun,
  ReconciliationDifferenceFilter,
  ReconciliationRunFilter,
  StoredReconciliationDifference,
  StoredReconciliationRun,
} from '../port.ts';
import { transaction } from './database.ts';
import {
  reconciliationDifferenceColumns as differenceColumns,
  reconciliationRunColumns as runColumns,
  toReconciliationDifference as toDifference,
  toReconciliationRun as toRun,
  type ReconciliationDifferenceRow as DifferenceRow,
  type ReconciliationRunRow as RunRow,
} from '../rows.ts';

/** Rows per INSERT: one statement per batch, not per difference. */
const batchSize = 1_000;

export function createReconciliationRuns(pool: pg.Pool) {
  return {
    record(
      run: NewReconciliationRun,
      found: readonly NewReconciliationDifference[],
    ): Promise<StoredReconciliationRun> {
      return transaction(pool, async (client) => {
        const inserted = await client.query<{ id: number }>(
          `INSERT INTO reconciliation_runs (period, entity, ran_at, ran_by, source_system, target_system,
             totals, counts, ok, truncated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            run.period,
            run.entity,
            run.ranAt,
            run.ranBy,
            run.sourceSystem,
            run.targetSystem,
            run.totals,
            JSON.stringify(run.counts),
            run.ok,
            run.truncated,
          ],
        );
        const id = inserted.rows[0]?.id;
        if (id === undefined) throw new Error('reconciliation run insert returned no id');
        for (let from = 0; from < found.length; from += batchSize) {
          const batch = found.slice(from, from + batchSize);
          await client.query(
            `INSERT INTO reconciliation_differences (run_id, seq, class, key, entity, source, target,
               amount_difference)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
               $8::text[])`,
            [
              id,
              batch.map((_, i) => from + i),
              batch.map((d) => d.class),
              batch.map((d) => d.key),
              batch.map((d) => d.entity),
              batch.map((d) => d.source),
              batch.map((d) => d.target),
              batch.map((d) => d.amountDifference),
            ],
          );
        }
        return { id, ...run };
      });
    },
    async list(filter: ReconciliationRunFilter): Promise<StoredReconciliationRun[]> {
      const { rows } = await pool.query<RunRow>(
        `SELECT ${runColumns} FROM reconciliation_runs WHERE ($1::text IS NULL OR period = $1)
         ORDER BY id DESC LIMIT $2`,
        [filter.period ?? null, filter.limit],
      );
      return rows.map(toRun);
    },
    async get(id: number): Promise<StoredReconciliationRun | undefined> {
      const { rows } = await pool.query<RunRow>(
        `SELECT ${runColumns} FROM reconciliation_runs WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      return row === undefined ? undefined : toRun(row);
    },
    async differences(filter: ReconciliationDifferenceFilter): Promise<StoredReconciliationDifference[]> {
      const { rows } = await pool.query<DifferenceRow>(
        `SELECT ${differenceColumns} FROM reconciliation_differences
         WHERE run_id = $1 AND ($2::text IS NULL OR class = $2) ORDER BY seq LIMIT $3 OFFSET $4`,
        [filter.runId, filter.class ?? null, filter.limit, filter.offset],
      );
      return rows.map(toDifference);
    },
  };
}

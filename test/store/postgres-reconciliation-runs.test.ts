// Reconciliation runs on PostgreSQL (a fresh schema per test).
import { skipUnlessPostgres } from '../support/postgres.ts';
import { runReconciliationRunsSuite } from './reconciliation-runs-suite.ts';
import { openFreshPostgresStore } from './postgres-fresh.ts';

const skip = await skipUnlessPostgres();

runReconciliationRunsSuite('postgres', openFreshPostgresStore, skip);

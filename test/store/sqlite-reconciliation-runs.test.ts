// Reconciliation runs on SQLite (a real file per test).
import { runReconciliationRunsSuite } from './reconciliation-runs-suite.ts';
import { openTempSqliteStore } from './sqlite-temp.ts';

runReconciliationRunsSuite('sqlite', openTempSqliteStore('ledgerline-recon-runs-'));

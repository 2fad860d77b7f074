// The console's read models on SQLite (a real file per test).
import { runConsoleStoreSuite } from './console-suite.ts';
import { openTempSqliteStore } from './sqlite-temp.ts';

runConsoleStoreSuite('sqlite', openTempSqliteStore('ledgerline-console-store-'));

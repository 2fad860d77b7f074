// The console's read models on PostgreSQL (a fresh schema per test).
import { skipUnlessPostgres } from '../support/postgres.ts';
import { runConsoleStoreSuite } from './console-suite.ts';
import { openFreshPostgresStore } from './postgres-fresh.ts';

const skip = await skipUnlessPostgres();

runConsoleStoreSuite('postgres', openFreshPostgresStore, skip);

// The console's read models on PostgreSQL (a fresh schema per test).
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';
import { runConsoleStoreSuite } from './console-suite.ts';

const skip = await skipUnlessPostgres();

runConsoleStoreSuite(
  'postgres',
  async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(schema.url);
    return {
      store,
      cleanup: async () => {
        try {
          await store.close();
        } finally {
          await schema.drop();
        }
      },
    };
  },
  skip,
);

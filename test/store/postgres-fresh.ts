// PostgreSQL stores for the adapter's tests: each in a fresh schema, dropped with the store.
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { freshSchema } from '../support/postgres.ts';
import type { OpenStore } from './store-suite.ts';

export const openFreshPostgresStore: OpenStore = async () => {
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
};

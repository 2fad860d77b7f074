// A conformance test with its own, empty store, cleaned up whatever happens: how every store suite
// declares its tests.
import { it } from 'node:test';
import type { Store } from '../../src/store/port.ts';
import type { OpenStore } from './store-suite.ts';

export function storeTestOf(open: OpenStore) {
  return function storeTest(title: string, body: (store: Store) => Promise<void>): void {
    it(title, async () => {
      const { store, cleanup } = await open();
      try {
        await body(store);
      } finally {
        await cleanup();
      }
    });
  };
}

// The console's build: web/ -> dist/web, served by `ledgerline serve` and `demo` at / (see ADR 0017).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  // `npm run dev:web` against a running Ledgerline on :7400.
  server: { proxy: { '/v1': 'http://127.0.0.1:7400' } },
});

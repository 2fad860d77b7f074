#!/usr/bin/env node
// `npm run bench`: runs the benchmark harness from source through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');

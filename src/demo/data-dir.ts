// The demo's data folder: a new temporary one, or an empty one the user named (to keep the files).
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function prepareDataDir(dir: string | undefined): string {
  if (dir === undefined) return mkdtempSync(join(tmpdir(), 'ledgerline-demo-'));
  const path = resolve(dir);
  if (existsSync(path) && readdirSync(path).length > 0) {
    throw new Error(
      `--data-dir ${path} is not empty: the demo seeds a new firm. Use an empty or new folder.`,
    );
  }
  mkdirSync(path, { recursive: true });
  return path;
}

// Writes the exported contracts to disk. Building stays in src/contracts/export (pure); only I/O is here.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { buildAsyncApiDocument } from '../../contracts/export/asyncapi.ts';
import { buildEventSchemas } from '../../contracts/export/json-schema.ts';
import { canonicalJson, sortKeys, type JsonValue } from '../../contracts/export/json.ts';

/**
 * No line folding and no anchors, so the YAML diffs line by line like the JSON. Emitting as YAML 1.1
 * quotes strings that 1.1 readers would turn into dates or booleans (example times, "yes"); 1.2 readers
 * see the same strings either way.
 */
function yamlText(value: JsonValue): string {
  return toYaml(value, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
}

/** Writes `schemas/<type>.json`, `asyncapi.json` and `asyncapi.yaml` under `outDir`; returns their paths. */
export async function writeContracts(outDir: string): Promise<{ files: string[] }> {
  const schemaDir = join(outDir, 'schemas');
  const asyncApi = sortKeys(buildAsyncApiDocument());
  const outputs: Array<readonly [path: string, text: string]> = [
    ...buildEventSchemas().map((e) => [join(schemaDir, e.fileName), canonicalJson(e.schema)] as const),
    [join(outDir, 'asyncapi.json'), canonicalJson(asyncApi)],
    [join(outDir, 'asyncapi.yaml'), yamlText(asyncApi)],
  ];
  await mkdir(schemaDir, { recursive: true });
  for (const [path, text] of outputs) await writeFile(path, text, 'utf8');
  return { files: outputs.map(([path]) => path) };
}

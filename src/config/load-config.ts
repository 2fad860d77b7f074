// Reads, validates and resolves the configuration once, at the edge; nothing deeper reads process.env.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { checkGovernance } from '../governance/check-governance.ts';
import { checkSystemIds } from './check-system-ids.ts';
import { checkFinance } from './check-finance.ts';
import { checkRateLimits } from './check-rate-limits.ts';
import { checkAlertsConfig } from '../ops/alerts/check-alerts-config.ts';
import { checkPeople } from '../security/people.ts';
import { describeSchemaErrors } from './schema-errors.ts';
import { ConfigSchema, type Config, type RotatingSecretRef, type SecretRef } from './schema.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// verbose: errors carry their schema, so a message can list the known keys or what a union expects.
const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: false,
  verbose: true,
  discriminator: true,
});
addFormats(ajv);
const validate = ajv.compile(ConfigSchema);

/** Parses and validates config text. Relative paths are taken from the config file's folder. */
export function parseConfig(text: string, file: string): Config {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError ? ` at line ${error.linePos?.[0]?.line ?? '?'}` : '';
    throw new ConfigError(file, [
      `not valid YAML${where}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  if (!validate(value)) throw new ConfigError(file, describeSchemaErrors(validate.errors ?? []));
  const config = value as Config;
  const systemIdProblems = checkSystemIds(config.systems);
  const governance = checkGovernance(config);
  const problems = [
    ...systemIdProblems,
    ...checkFinance(config),
    ...checkRateLimits(config),
    ...checkAlertsConfig(config),
    ...checkPeople(config.security?.people),
    ...(governance.ok ? [] : governance.problems),
  ];
  if (problems.length > 0) throw new ConfigError(file, problems);
  const base = dirname(resolve(file));
  if (!('sqlite' in config.store)) return config;
  const sqlite = config.store.sqlite;
  return {
    ...config,
    store: { sqlite: sqlite === ':memory:' || isAbsolute(sqlite) ? sqlite : resolve(base, sqlite) },
  };
}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return parseConfig(text, file);
}

/** Reads a secret from where the config points; a missing one is a config error, never an empty string. */
/** Every secret of a rotating reference, in the order listed; each is named by its index when missing. */
export function resolveSecrets(
  ref: RotatingSecretRef,
  where: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  return Array.isArray(ref)
    ? ref.map((one, i) => resolveSecret(one, `${where}[${i}]`, env))
    : [resolveSecret(ref, where, env)];
}

export function resolveSecret(ref: SecretRef, where: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '')
      throw new ConfigError(where, [`the environment variable ${ref.env} is not set`]);
    return value;
  }
  try {
    return readFileSync(ref.file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(where, [
      `cannot read secret file ${ref.file}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
}

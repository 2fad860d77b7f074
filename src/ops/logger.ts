// Structured JSON logs on stderr (stdout stays free for command output such as `demo --json`).
import { pino, type DestinationStream, type Logger } from 'pino';
import { sensitiveFieldNames } from '../contracts/sensitivity/paths.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

// Fields that hold a credential wherever they appear: connector settings, HTTP headers, SMTP and OTLP
// settings, database URLs' passwords. Censored by name at any of the first depths a log object has.
const secretFields = [
  'apiKey',
  'api_key',
  'webhookSecret',
  'secret',
  'clientSecret',
  'password',
  'pass',
  'smtpPassword',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-redmine-api-key',
  'proxy-authorization',
];
const depths = ['', '*.', '*.*.', '*.*.*.', '*.*.*.*.'];
export const redactedPaths = depths.flatMap((prefix) =>
  // Fields the contracts always mark sensitive (issue 8) are censored like credentials: logs are for
  // operators, who need ids and reasons, not cost rates or approvers.
  [...secretFields, ...sensitiveFieldNames].map((field) =>
    /^[A-Za-z_]\w*$/.test(field) ? `${prefix}${field}` : `${prefix}["${field}"]`,
  ),
);

export interface LoggerOptions {
  /**
   * Secret values known to the process (those the config points to): scrubbed from every line, wherever
   * they appear (an error message, a URL), as a second line of defence behind the field names.
   */
  readonly secrets?: readonly string[];
  /** Where lines go (default: stderr). */
  readonly destination?: DestinationStream;
}

const censor = '[redacted]';

/** Replaces each known secret value in a serialized line. */
function scrubber(secrets: readonly string[]): ((line: string) => string) | undefined {
  // Very short values would censor ordinary words; no real credential is that short.
  const values = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return undefined;
  const jsonForms = values.map((v) => JSON.stringify(v).slice(1, -1));
  return (line) => {
    let out = line;
    for (const value of jsonForms) if (out.includes(value)) out = out.split(value).join(censor);
    return out;
  };
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const scrub = scrubber(options.secrets ?? []);
  return pino(
    {
      level,
      base: { service: 'ledgerline' },
      // Secrets never reach a log line, even when an object carrying one is logged by mistake.
      redact: { paths: redactedPaths, censor },
      ...(scrub ? { hooks: { streamWrite: scrub } } : {}),
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

// Structured JSON logs on stderr (stdout stays free for command output such as `demo --json`).
import { pino, type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: 'ledgerline' },
      // Secrets never reach a log line, even when an object carrying one is logged by mistake.
      redact: {
        paths: [
          '*.apiKey',
          '*.webhookSecret',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

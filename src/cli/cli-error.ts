// A failure the user can act on: printed as a message (no stack), with a documented exit code.
export const exitCodes = {
  ok: 0,
  /** The command ran but what it checks did not hold (e.g. the demo's exactly-once check). */
  checkFailed: 1,
  /** Bad usage or configuration: fix the command line or the config file. */
  usage: 2,
  /** Something outside failed (a port in use, an unreachable system). */
  environment: 3,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

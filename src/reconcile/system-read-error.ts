// Why reading the systems for a period stopped: a system has no reconciliation reader (configuration),
// or a system failed while it was read (the outside). The CLI turns it into an exit code, the API into a
// problem, each in its own layer.
export type SystemReadFailure = 'no-reader' | 'unreadable';

export class SystemReadError extends Error {
  constructor(
    message: string,
    readonly failure: SystemReadFailure,
  ) {
    super(message);
    this.name = 'SystemReadError';
  }
}

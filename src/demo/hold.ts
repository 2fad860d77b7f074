// `ledgerline demo --stay`: once the run is checked, keep the API, the console and the sandboxes up until
// Ctrl-C (or SIGTERM), so a person can look around; then stop everything as the plain run does.
export interface DemoUrls {
  readonly api: string;
  readonly psa: string;
  readonly erp: string;
  readonly crm?: string;
  /** What the sandbox ERP's HTTP API wants as `Authorization: Bearer <key>`. */
  readonly erpApiKey: string;
  /** An admin API key for the console (the staying demo runs with authentication on). */
  readonly consoleKey?: string;
}

/** Prints where to look, then waits for SIGINT or SIGTERM. */
export function stayUntilStopped(urls: DemoUrls, write: (line: string) => void): Promise<void> {
  if (urls.consoleKey !== undefined) {
    // Before "console ready", which tools wait for: everything needed is printed by then.
    write(`admin API key (shown once; the console asks for it): ${urls.consoleKey}`);
    write(`  console, signed in: ${urls.api}/#signin=${urls.consoleKey}`);
  }
  write(`console ready: ${urls.api}/`);
  write(`  admin API ${urls.api}/v1/admin/overview   sandbox PSA ${urls.psa}   sandbox ERP ${urls.erp}`);
  write('  the demo keeps serving until Ctrl-C');
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

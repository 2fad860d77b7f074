// Ledgerline's version, as released (package.json says the same; a test checks they agree).
export const ledgerlineVersion = '0.1.0';

// The sandbox PSA's public surface: the simulator, its firm generator and the Ledgerline connector.
export * from './server.ts';
export { generateFirm, type GenerateFirmOptions } from './generate-firm.ts';
export * from './connector.ts';

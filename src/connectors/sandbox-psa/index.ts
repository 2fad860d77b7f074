// The sandbox PSA's public surface: the simulator, its firm generator and the Ledgerline connector.
export * from './server.ts';
export {
  generateFirm,
  type GenerateFirmOptions,
  type ServicesFirmOptions,
  type SkeletonFirmOptions,
} from './generate-firm.ts';
export * from './connector.ts';

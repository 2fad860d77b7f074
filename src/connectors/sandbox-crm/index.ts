// The sandbox CRM's public surface: the simulator, its pipeline generator and the Ledgerline connector.
export * from './server.ts';
export {
  generateCrmPipeline,
  type GenerateCrmPipelineOptions,
  type PipelineCustomer,
} from './generate-pipeline.ts';
export * from './connector.ts';

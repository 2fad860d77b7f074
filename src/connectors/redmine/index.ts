// The Redmine connector's public surface.
export * from './connector.ts';

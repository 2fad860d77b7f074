// The project a billing write is addressed to; an unknown one is a 404 the client cannot fix by retrying.
import type { VendorProject } from '../../vendor/schemas.ts';
import { SandboxPsaError } from '../errors.ts';
import type { PsaStore } from '../store.ts';

export function projectOf(store: PsaStore, projectId: string): VendorProject {
  const project = store.projects.get(projectId);
  if (!project) throw new SandboxPsaError('not_found', `no project ${projectId}`, [], 'project_not_found');
  return project;
}

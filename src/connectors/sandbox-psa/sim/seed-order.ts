// The order in which a seeded firm is published, as a real PSA would have emitted it over time: every
// consultant first, then approvals by approval time, each project activated just before its first
// approval, except "late" projects whose activation trails about half of their approvals (a real PSA lets
// time be approved while finance still holds the project back).
import type { Firm, FirmProject } from '../firm.ts';
import type { VendorTimeEntry, VendorUser } from '../vendor/schemas.ts';

export type SeedStep =
  | { readonly kind: 'user.updated'; readonly user: VendorUser }
  | { readonly kind: 'project.activated'; readonly project: FirmProject }
  | { readonly kind: 'time_entry.approved'; readonly entry: VendorTimeEntry };

export function seedOrder(firm: Firm): SeedStep[] {
  const steps: SeedStep[] = firm.users.map((user) => ({ kind: 'user.updated', user }));

  const approvals = firm.time_entries
    .filter((e) => e.status === 'approved')
    .map((entry) => ({ entry, at: Date.parse(entry.approved_at ?? '') }))
    .sort((a, b) => a.at - b.at || a.entry.id - b.entry.id);
  const approvalCount = new Map<string, number>();
  for (const { entry } of approvals)
    approvalCount.set(entry.project_id, (approvalCount.get(entry.project_id) ?? 0) + 1);

  // For each active project still to activate: how many of its approvals go out before the activation.
  const pending = new Map<string, { project: FirmProject; before: number }>();
  for (const project of firm.projects) {
    if (project.status !== 'active') continue;
    const count = approvalCount.get(project.id) ?? 0;
    if (count === 0) steps.push({ kind: 'project.activated', project });
    else pending.set(project.id, { project, before: project.late ? Math.max(1, Math.floor(count / 2)) : 0 });
  }

  const published = new Map<string, number>();
  const activateWhenDue = (projectId: string): void => {
    const p = pending.get(projectId);
    if (p && p.before === (published.get(projectId) ?? 0)) {
      steps.push({ kind: 'project.activated', project: p.project });
      pending.delete(projectId);
    }
  };
  for (const { entry } of approvals) {
    activateWhenDue(entry.project_id);
    steps.push({ kind: 'time_entry.approved', entry });
    published.set(entry.project_id, (published.get(entry.project_id) ?? 0) + 1);
    activateWhenDue(entry.project_id);
  }
  return steps;
}

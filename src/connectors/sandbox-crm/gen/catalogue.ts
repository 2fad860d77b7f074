// Word lists that make generated pipelines read like a consultancy's CRM.

/** What the firm sells; a deal's title is one of these, sometimes a later phase. */
export const engagements = [
  'ERP Implementation',
  'Finance Transformation',
  'Data Platform Migration',
  'Cloud Cost Review',
  'Revenue Recognition Readiness',
  'Procurement Redesign',
  'Payroll Consolidation',
  'Reporting Automation',
  'Cyber Security Assessment',
  'Post-Merger Integration',
  'Supply Chain Analytics',
  'CRM Rollout',
  'Target Operating Model',
  'Audit Support',
  'Treasury System Selection',
] as const;

/** The sales team: deal owners. */
export const salesOwners = [
  'amelia.hart@ledgerline.example',
  'oliver.brandt@ledgerline.example',
  'priya.raman@ledgerline.example',
  'mateo.silva@ledgerline.example',
  'hannah.okafor@ledgerline.example',
  'jonas.lindqvist@ledgerline.example',
] as const;

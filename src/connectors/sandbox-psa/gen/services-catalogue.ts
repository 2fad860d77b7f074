// Word lists of the services-firm profile, kept apart from catalogue.ts so the default profile's draws
// (which index into those lists by length) stay exactly as they were.

/** With catalogue.ts's 24 clients, 40 distinct clients; code prefixes unique across both lists. */
export const moreClients = [
  ['Nakatomi Trading', 'NKTM'],
  ['Cogswell Cogs', 'COGS'],
  ['Spacely Sprockets', 'SPCY'],
  ['Krusty Foods', 'KRST'],
  ['Ollivander Crafts', 'OLLV'],
  ['Bluth Development', 'BLTH'],
  ['Los Pollos Logistics', 'LPLL'],
  ['Duff Beverages', 'DUFF'],
  ['Genco Olive Oil', 'GNCO'],
  ['Ajax Chemicals', 'AJAX'],
  ['Zorg Manufacturing', 'ZORG'],
  ['Virtucon Holdings', 'VRTC'],
  ['Kwik-E Retail', 'KWIK'],
  ['Big Kahuna Hospitality', 'BGKH'],
  ['Yoyodyne Aerospace', 'YOYO'],
  ['Callister Insurance', 'CALL'],
] as const;

export const legalSuffix: Readonly<Record<string, string>> = {
  GB: 'Ltd',
  DE: 'GmbH',
  US: 'Inc.',
  CH: 'AG',
  JP: 'KK',
};

/** Fixed-fee phases in delivery order, [task, milestone that ends it]; the last one is always the go-live. */
export const phases = [
  ['Discovery', 'Discovery complete'],
  ['Target design', 'Target design signed off'],
  ['Build', 'Build complete'],
  ['User acceptance testing', 'User acceptance passed'],
] as const;
export const goLive = ['Deployment', 'Go-live'] as const;

export const workstreams = [
  'Workshops',
  'Process design',
  'Configuration',
  'Data migration',
  'Integration testing',
  'Key-user training',
  'Reporting',
  'Cut-over planning',
] as const;

export const rejectionReasons = [
  'No receipt attached',
  'Exceeds the meal allowance',
  'Not rechargeable under the contract',
  'Duplicate of an earlier claim',
  'Personal expense',
  'Business purpose missing',
] as const;

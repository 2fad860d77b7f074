// Ledgerline's configuration between the real Redmine and Tryton that scripts/real-systems/*.sh start,
// for the end-to-end suite and the benchmark: the custom fields redmine.sh creates, one legal entity (the
// company tryton.sh bootstraps), only the projects a run made.
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.ts';
import { fieldNames, REDMINE_URL } from '../../src/connectors/redmine/test-support/redmine-admin.ts';
import { TRYTON_URL } from '../../src/connectors/tryton/test-support/tryton-db.ts';

export const trytonPasswordFile =
  process.env['TRYTON_ADMIN_PASSWORD_FILE'] ?? '/var/lib/tryton/.ledgerline-admin';

export function redmineTrytonConfig(o: {
  readonly dir: string;
  readonly trytonDatabase: string;
  readonly redmineProjects: readonly number[];
  /** The environment variable holding Redmine's API key. */
  readonly redmineKeyEnv: string;
  readonly redminePollMs: number;
  /** Poll Tryton's invoices this often; undefined: Tryton is only written to. */
  readonly trytonPollMs?: number;
  readonly delivery: NonNullable<Config['delivery']>;
}): Config {
  return {
    store: { sqlite: join(o.dir, 'ledgerline.sqlite') },
    http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 1_048_576 },
    legalEntities: [
      { id: 'LL-NL', name: 'Ledgerline Services BV', functionalCurrency: 'EUR', country: 'NL' },
    ],
    systems: {
      psa: [
        {
          id: 'redmine',
          connector: 'redmine',
          baseUrl: REDMINE_URL,
          apiKey: { env: o.redmineKeyEnv },
          poll: { intervalMs: o.redminePollMs, pageSize: 100 },
          fields: fieldNames,
          projectDefaults: { taxTreatment: 'standard', billingModel: 'time-and-materials' },
          resourceDefaults: { currency: 'EUR' },
          window: { lookbackDays: 60 },
          projects: o.redmineProjects.map(String),
        },
      ],
      erp: {
        id: 'tryton',
        connector: 'tryton',
        baseUrl: TRYTON_URL,
        database: o.trytonDatabase,
        username: 'admin',
        password: { file: trytonPasswordFile },
        legalEntityId: 'LL-NL',
        ...(o.trytonPollMs === undefined ? {} : { poll: { intervalMs: o.trytonPollMs, pageSize: 100 } }),
      },
    },
    delivery: o.delivery,
  };
}

// Test-only access to the real Redmine: creating the projects, users and time entries a test needs, and
// reading them back. Every failure throws with Redmine's answer, so a broken setup is visible.
import { MapMemory } from '../../../../test/support/map-memory.ts';
import { answers, type RealSystemProbe } from '../../../../test/support/real-system.ts';
import type { RedmineConnectorOptions } from '../connector.ts';

export const REDMINE_URL = process.env['REDMINE_URL'] ?? 'http://127.0.0.1:3000';
export const REDMINE_API_KEY = process.env['REDMINE_API_KEY'] ?? '0123456789abcdef0123456789abcdef01234567';

export const redmineProbe: RealSystemProbe = {
  name: 'Redmine',
  where: REDMINE_URL,
  howToStart:
    'scripts/real-systems/redmine.sh install && scripts/real-systems/redmine.sh init && scripts/real-systems/redmine.sh start',
  isUp: () =>
    answers(`${REDMINE_URL}/users/current.json`, { headers: { 'X-Redmine-API-Key': REDMINE_API_KEY } }),
};

/** The custom field names scripts/real-systems/redmine.sh creates. */
export const fieldNames = {
  approved: 'Approved',
  invoiceNumber: 'Invoice number',
  invoiceStatus: 'Invoice status',
  paymentStatus: 'Payment status',
  customer: 'Customer',
  legalEntity: 'Legal entity',
  billRate: 'Bill rate',
  currency: 'Currency',
  costRate: 'Cost rate',
} as const;

interface CustomValue {
  readonly id: number;
  readonly name: string;
  readonly value: string | null;
}

export interface Entry {
  readonly id: number;
  readonly project: { readonly id: number };
  readonly hours: number;
  readonly spent_on: string;
  readonly custom_fields: readonly CustomValue[];
}

/** A unique suffix per call, so runs never share records. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export class RedmineAdmin {
  #fieldIds: Map<string, number> | undefined;

  async api(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${REDMINE_URL}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Redmine-API-Key': REDMINE_API_KEY },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  async field(name: string): Promise<number> {
    if (this.#fieldIds === undefined) {
      const { custom_fields } = (await this.api('GET', '/custom_fields.json')) as {
        custom_fields: { id: number; name: string }[];
      };
      this.#fieldIds = new Map(custom_fields.map((f) => [f.name, f.id]));
    }
    const id = this.#fieldIds.get(name);
    if (id === undefined)
      throw new Error(`no custom field "${name}": run scripts/real-systems/redmine.sh init`);
    return id;
  }

  async values(values: Readonly<Record<string, string>>): Promise<{ id: number; value: string }[]> {
    return Promise.all(
      Object.entries(values).map(async ([name, value]) => ({ id: await this.field(name), value })),
    );
  }

  async createProject(identifier: string, fields: Readonly<Record<string, string>> = {}): Promise<number> {
    const body = {
      project: {
        name: `Ledgerline ${identifier}`,
        identifier,
        enabled_module_names: ['time_tracking'],
        custom_fields: await this.values(fields),
      },
    };
    return ((await this.api('POST', '/projects.json', body)) as { project: { id: number } }).project.id;
  }

  async createUser(login: string, fields: Readonly<Record<string, string>> = {}): Promise<number> {
    const body = {
      user: {
        login,
        firstname: 'Test',
        lastname: login,
        mail: `${login}@example.com`,
        password: 'secret123secret',
        custom_fields: await this.values(fields),
      },
    };
    return ((await this.api('POST', '/users.json', body)) as { user: { id: number } }).user.id;
  }

  async addMember(projectId: number, userId: number): Promise<void> {
    await this.api('POST', `/projects/${projectId}/memberships.json`, {
      membership: { user_id: userId, role_ids: [4] },
    });
  }

  async createEntry(e: {
    project: number;
    user: number;
    spentOn: string;
    hours: number;
    comments: string;
    approved: boolean;
  }): Promise<number> {
    const body = {
      time_entry: {
        project_id: e.project,
        user_id: e.user,
        spent_on: e.spentOn,
        hours: e.hours,
        comments: e.comments,
        custom_fields: [{ id: await this.field('Approved'), value: e.approved ? '1' : '0' }],
      },
    };
    return ((await this.api('POST', '/time_entries.json', body)) as { time_entry: { id: number } }).time_entry
      .id;
  }

  async updateEntry(
    id: number,
    changes: Record<string, unknown>,
    fields: Readonly<Record<string, string>> = {},
  ) {
    await this.api('PUT', `/time_entries/${id}.json`, {
      time_entry: { ...changes, custom_fields: await this.values(fields) },
    });
  }

  async deleteEntry(id: number): Promise<void> {
    await this.api('DELETE', `/time_entries/${id}.json`);
  }

  async entry(id: number): Promise<Entry> {
    return ((await this.api('GET', `/time_entries/${id}.json`)) as { time_entry: Entry }).time_entry;
  }

  /** Every time entry of these projects -> its custom field values by field name, a page at a time. */
  async fieldsByEntry(projectIds: readonly number[]): Promise<Map<number, Record<string, string | null>>> {
    const out = new Map<number, Record<string, string | null>>();
    for (const project of projectIds)
      for (let offset = 0; ; offset += 100) {
        const page = (await this.api(
          'GET',
          `/time_entries.json?project_id=${project}&offset=${offset}&limit=100`,
        )) as { time_entries: Entry[]; total_count: number };
        for (const e of page.time_entries)
          out.set(e.id, Object.fromEntries(e.custom_fields.map((f) => [f.name, f.value])));
        if (offset + 100 >= page.total_count) break;
      }
    return out;
  }

  async fieldValue(entryId: number, name: string): Promise<string | null> {
    const id = await this.field(name);
    return (await this.entry(entryId)).custom_fields.find((f) => f.id === id)?.value ?? null;
  }
}

/** A date `days` before today (UTC), as Redmine's spent_on. */
export function daysAgo(days: number, now = new Date()): string {
  const d = new Date(now);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A connector's options against the test Redmine, with a fresh memory; `over` changes any of them. */
export function testOptions(over: Partial<RedmineConnectorOptions> = {}): RedmineConnectorOptions {
  return {
    system: 'redmine',
    baseUrl: REDMINE_URL,
    apiKey: REDMINE_API_KEY,
    memory: new MapMemory(),
    fields: fieldNames,
    window: { lookbackDays: 30 },
    ...over,
  };
}

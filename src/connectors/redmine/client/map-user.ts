// A Redmine user -> the canonical Resource. The cost rate is the user's Cost rate field in the configured
// currency, else the configured default; a user with neither is not a resource yet (a failure the sweep
// reports as a problem and skips, so one incomplete user does not stop the sync).
import type { Resource } from '../../../contracts/index.ts';
import type { RedmineUser } from '../vendor/wire.ts';
import { canonicalId, type MapContext, type Mapped } from './context.ts';
import { customValue } from './custom-fields.ts';
import { decimalField } from './decimal-field.ts';
import { hashOf } from './fingerprint.ts';

export interface MappedUser {
  readonly resource: Resource;
  readonly hash: string;
}

export function mapUser(u: RedmineUser, ctx: MapContext): Mapped<MappedUser> {
  const what = `user ${u.id} (${u.login})`;
  const defaults = ctx.resourceDefaults;
  const rate = decimalField(customValue(u.custom_fields, ctx.fields.costRate), `${what}: Cost rate`);
  if (!rate.ok) return rate;
  const currency = defaults.currency ?? defaults.costRate?.currency ?? ctx.projectDefaults.currency;
  let costRate = defaults.costRate;
  if (rate.value !== undefined) {
    if (currency === undefined)
      return { ok: false, message: `${what} has a Cost rate but no currency is configured for it` };
    costRate = { amount: rate.value, currency };
  }
  if (costRate === undefined)
    return { ok: false, message: `${what} has no Cost rate and no default cost rate is configured` };
  const name = `${u.firstname} ${u.lastname}`.trim().slice(0, 200) || u.login;
  const resource: Resource = { id: canonicalId('resource', ctx.system, u.id), name, costRate };
  return { ok: true, value: { resource, hash: hashOf([JSON.stringify(resource)]) } };
}

// The `alerts` section: SLA evaluation, notification channels and the routes from failure domain to
// channel (see docs/adr/0016-sla-and-alert-routing.md). Built from the secret reference schema.ts defines,
// passed in, so this file and schema.ts do not import each other.
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import { dataDomains } from '../governance/domains.ts';

const Duration = (description: string) =>
  Type.String({ pattern: '^[0-9]{1,9}(ms|s|m|h|d)$', description: `${description}, e.g. "30s", "5m", "1h"` });

const ChannelName = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}$',
  description: 'a channel name: lower-case letters, digits and -',
});
const ChannelList = Type.Array(ChannelName, { uniqueItems: true });

const RateLimit = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: 10_000,
    description: 'notifications per minute; more are dropped and counted, the next one says how many',
  }),
);

/** One of several channel kinds, told apart by `type`, each validated only as the kind it names. */
function channelKinds<T extends TSchema[]>(...kinds: T) {
  return Type.Unsafe<Static<T[number]>>({
    type: 'object',
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: kinds,
  });
}

export function alertsConfigSchema<S extends TSchema>(secretRef: S) {
  const WebhookChannel = Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ format: 'uri' }),
      /** json: the alert as a JSON document; chat: `{ "text": ... }` for Slack or Teams incoming webhooks. */
      format: Type.Union([Type.Literal('json'), Type.Literal('chat')], { description: '"json" or "chat"' }),
      /** Sent as `Authorization: Bearer <token>` when given. */
      token: Type.Optional(secretRef),
      maxPerMinute: RateLimit,
    },
    { additionalProperties: false },
  );
  const EmailChannel = Type.Object(
    {
      type: Type.Literal('email'),
      host: Type.String({ minLength: 1 }),
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
      secure: Type.Optional(Type.Boolean()),
      user: Type.Optional(Type.String({ minLength: 1 })),
      password: Type.Optional(secretRef),
      from: Type.String({ minLength: 3 }),
      to: Type.Array(Type.String({ minLength: 3 }), { minItems: 1, uniqueItems: true }),
      maxPerMinute: RateLimit,
    },
    { additionalProperties: false },
  );
  return Type.Object(
    {
      /** How often SLAs and new failures are evaluated (default 15s). */
      evaluateEvery: Type.Optional(Duration('how often SLAs and new failures are evaluated')),
      /**
       * A condition seen only as it happens (a refused webhook signature, a refused key while polling)
       * recovers after this long without a new occurrence (default 10m).
       */
      quietPeriod: Type.Optional(Duration('how long without a new occurrence before a condition recovers')),
      channels: Type.Optional(
        Type.Record(
          Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }),
          channelKinds(WebhookChannel, EmailChannel),
          {
            additionalProperties: false,
          },
        ),
      ),
      routes: Type.Optional(
        Type.Object(
          {
            authentication: Type.Optional(ChannelList),
            mapping: Type.Optional(ChannelList),
            'master-data': Type.Optional(ChannelList),
            governance: Type.Optional(ChannelList),
            /** SLA breaches go to the data domain's owner: `default`, and per domain where it differs. */
            sla: Type.Optional(
              Type.Object(
                Object.fromEntries(
                  ['default', ...dataDomains].map((d) => [d, Type.Optional(ChannelList)]),
                ) as Record<'default' | (typeof dataDomains)[number], TOptional<typeof ChannelList>>,
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  );
}

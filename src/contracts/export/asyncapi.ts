// The AsyncAPI 3.0.0 view of the catalogue: a channel, message and operation per event, each payload
// being the event's exported JSON Schema, so the two exports can never disagree.
import pkg from '../../../package.json' with { type: 'json' };
import { eventCatalog } from '../events/catalog.ts';
import { exampleEvents } from './examples.ts';
import { buildEventSchemas, type EventSchema } from './json-schema.ts';
import { toJson, type JsonObject } from './json.ts';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export function channelAddress(type: string): string {
  return `ledgerline.events.${type}`;
}

/** Ledgerline receives inbound events (from the PSA, CRM or ERP) and sends the confirmations. */
function actionOf(name: EventSchema['name']): 'receive' | 'send' {
  return eventCatalog[name].direction === 'inbound' ? 'receive' : 'send';
}

function describe(schema: JsonObject): string {
  return typeof schema.description === 'string' ? schema.description : '';
}

export function buildAsyncApiDocument(): JsonObject {
  const events = buildEventSchemas();
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  const schemas: JsonObject = {};
  for (const { name, type, schema } of events) {
    const summary = describe(schema);
    const action = actionOf(name);
    schemas[name] = schema;
    messages[name] = {
      name,
      title: name,
      summary,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      payload: { $ref: `#/components/schemas/${name}` },
      examples: [{ name: `${name}Example`, payload: toJson(exampleEvents[name]) }],
    };
    channels[name] = {
      address: channelAddress(type),
      title: type,
      description: summary,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`${action}${name}`] = {
      action,
      summary: `${action === 'receive' ? 'Ledgerline receives' : 'Ledgerline sends'} ${type}`,
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ledgerline canonical events',
      version: pkg.version || '1.0.0',
      description:
        'CloudEvents 1.0 (structured mode) that Ledgerline exchanges while syncing a PSA with an ERP. ' +
        'Inbound events come from the PSA, CRM or ERP; confirmations report what a target system accepted.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    channels,
    operations,
    components: { schemas, messages },
  };
}

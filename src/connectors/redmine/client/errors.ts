// Errors `pull` throws beyond the kit's: a Redmine answer that is not what the connector reads, and a
// Redmine set up without the custom fields the configuration names.
import { SourcePayloadError } from '../../kit/source-errors.ts';

/** Redmine answered something that is not a valid list or record; names the request or the record. */
export class RedminePayloadError extends SourcePayloadError {}

/** A configured custom field name does not exist in Redmine (or is of the wrong kind or format). */
export class RedmineSetupError extends Error {
  readonly retryable = false;
  readonly reasonCode = 'redmine.custom_field_missing';

  constructor(message: string) {
    super(message);
    this.name = 'RedmineSetupError';
  }
}

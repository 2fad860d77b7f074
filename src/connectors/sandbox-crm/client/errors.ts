// The kit's payload error in CRM words: it names the offending deal event.
import { SourcePayloadError as KitSourcePayloadError } from '../../kit/source-errors.ts';

/** The source answered something that is not a valid event page or deal event. */
export class SourcePayloadError extends KitSourcePayloadError {
  constructor(
    message: string,
    /** The offending deal event, when one could be named. */
    readonly eventId?: string,
  ) {
    super(message);
  }
}

// The kit's payload error in PSA words: it names the offending activity.
import { SourcePayloadError as KitSourcePayloadError } from '../../kit/source-errors.ts';

/** The source answered something that is not a valid activity page or record. */
export class SourcePayloadError extends KitSourcePayloadError {
  constructor(
    message: string,
    /** The offending activity, when one could be named. */
    readonly activityId?: string,
  ) {
    super(message);
  }
}

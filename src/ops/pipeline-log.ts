// Log lines about single events, with the ids that find the rest of their flow (correlation, causation,
// trace). Refusals are warnings; accepted events are logged at debug level only, and cost nothing when
// that level is off.
import type { Logger } from 'pino';
import type { PipelineBus } from '../pipeline/bus.ts';
import { eventLogFields } from './event-log.ts';

export function logEventsOf(bus: PipelineBus, logger: Logger): void {
  bus.on('intake.committed', ({ events, outcomes }) => {
    if (!logger.isLevelEnabled('debug')) return;
    outcomes.forEach((outcome, i) => {
      const event = events[i]?.event;
      if (event)
        logger.debug(
          { ...eventLogFields(event), seq: outcome.seq, outcome: outcome.status },
          'event received',
        );
    });
  });
  bus.on('events.decided', ({ decisions, events }) => {
    if (decisions.length === 0 || !logger.isLevelEnabled('warn')) return;
    decisions.forEach((decision, i) => {
      const event = events[i]?.event;
      if (decision.kind !== 'reject' || !event) return;
      logger.warn(
        {
          ...eventLogFields(event),
          seq: decision.seq,
          reasonCode: decision.reasonCode,
          reason: decision.reason,
        },
        'event refused; it waits in the dead-letter queue',
      );
    });
  });
}

// Canonical events as the sweep emits them. Ids are deterministic: the Redmine id, the record's revision
// in the source memory, what happened and the hash of the state seen, so re-reading a page with the same
// memory yields the same ids, and a later change of the same record never reuses one.
import {
  eventCatalog,
  type CanonicalEvent,
  type Project,
  type Resource,
  type TimeEntry,
} from '../../../contracts/index.ts';
import { checkCanonical } from '../../kit/check-canonical.ts';
import { RedminePayloadError } from './errors.ts';

type TimeHappening = 'approved' | 'revised' | 'unapproved' | 'deleted';

export class EventBuilder {
  readonly events: CanonicalEvent[] = [];
  readonly #system: string;

  constructor(system: string) {
    this.#system = system;
  }

  #push(event: CanonicalEvent, record: string): void {
    const checked = checkCanonical(event, record);
    if (!checked.ok) throw new RedminePayloadError(checked.message);
    if (checked.event !== undefined) this.events.push(checked.event);
  }

  #envelope(id: string, time: string, subject: string, correlationid: string) {
    return {
      specversion: '1.0' as const,
      id: `redmine:${this.#system}:${id}`,
      source: this.#system,
      time,
      subject,
      correlationid,
      datacontenttype: 'application/json' as const,
    };
  }

  projectActivated(native: number, rev: number, hash: string, time: string, data: Project): void {
    const env = this.#envelope(`project:${native}:${rev}:activated:${hash}`, time, data.id, data.id);
    this.#push({ ...env, type: eventCatalog.ProjectActivated.type, data }, `project ${native}`);
  }

  projectClosed(
    native: number,
    rev: number,
    how: string,
    time: string,
    projectId: string,
    closedDate: string,
  ): void {
    const env = this.#envelope(`project:${native}:${rev}:${how}`, time, projectId, projectId);
    this.#push(
      { ...env, type: eventCatalog.ProjectClosed.type, data: { projectId, closedDate } },
      `project ${native}`,
    );
  }

  resourceUpdated(native: number, rev: number, hash: string, time: string, data: Resource): void {
    const env = this.#envelope(`user:${native}:${rev}:updated:${hash}`, time, data.id, data.id);
    this.#push({ ...env, type: eventCatalog.ResourceUpdated.type, data }, `user ${native}`);
  }

  time(happening: 'approved' | 'revised', native: number, rev: number, hash: string, data: TimeEntry): void {
    const env = this.#envelope(
      `time:${native}:${rev}:${happening}:${hash}`,
      data.approvedAt,
      data.id,
      data.projectId,
    );
    const type = happening === 'approved' ? eventCatalog.TimeApproved.type : eventCatalog.TimeRevised.type;
    this.#push({ ...env, type, data }, `time entry ${native}`);
  }

  timeWithdrawn(
    reason: Extract<TimeHappening, 'unapproved' | 'deleted'>,
    native: number,
    rev: number,
    hash: string,
    ids: { readonly timeEntryId: string; readonly projectId: string },
    observedAt: string,
  ): void {
    const env = this.#envelope(
      `time:${native}:${rev}:${reason}:${hash}`,
      observedAt,
      ids.timeEntryId,
      ids.projectId,
    );
    this.#push(
      { ...env, type: eventCatalog.TimeWithdrawn.type, data: { ...ids, reason, observedAt } },
      `time entry ${native}`,
    );
  }
}

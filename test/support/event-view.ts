// Reads an event's state and lineage through GET /v1/events/{id}, as an operator would.
import type { Harness } from './harness.ts';
import { waitFor } from './wait.ts';

export interface EventView {
  state: string;
  reason: string | null;
  reasonCode: string | null;
  replays: number;
  lineage: {
    deliveries: {
      kind: string;
      state: string;
      attempts: number;
      commands: { kind: string; idempotencyKey: string; externalId: string | null }[];
      idempotencyKey: string;
      reasonCode: string | null;
    }[];
    caused: { type: string }[];
    deadLetters: { id: number; reasonCode: string; state: string; message: string }[];
    xrefs: { canonicalId: string; system: string; externalId: string }[];
  };
}

export function eventViews(h: () => Harness) {
  const view = async (id: string) =>
    (await h().get(`/v1/events/${encodeURIComponent(id)}`)).body as EventView;
  /** Waits until the event reaches `state`, then answers its view. */
  const settled = (id: string, state: string) =>
    waitFor(`${id} to be ${state}`, async () => {
      const v = await view(id);
      return v.state === state ? v : undefined;
    });
  return { view, settled };
}

// Governance as the rest of the service sees it: resolved once at start, every domain present, durations
// in milliseconds. Nothing after start reads the raw YAML section.
import type { DataDomain, QueueClass } from './domains.ts';

/** `one-way`: the system of record writes and every other system receives. */
export type Direction = 'one-way' | 'bidirectional';

export interface DomainGovernance {
  readonly domain: DataDomain;
  /**
   * Usually one system. Several (e.g. two PSAs after an acquisition) means each one is the record for the
   * objects in its own id space, the `<system>` part of a canonical id `<kind>:<system>:<native id>`.
   */
  readonly systemsOfRecord: readonly string[];
  /** Where users enter the domain's data: the systems of record, plus field owners when bidirectional. */
  readonly systemsOfEntry: readonly string[];
  readonly direction: Direction;
  /** As written in the config, for messages ("time not posted within 15m"). */
  readonly latency: string;
  readonly latencyMs: number;
  readonly queue: QueueClass;
  /** Field name -> owning system; empty for one-way domains, where the system of record owns every field. */
  readonly fieldOwnership: ReadonlyMap<string, string>;
}

export interface Governance {
  readonly domains: Readonly<Record<DataDomain, DomainGovernance>>;
}

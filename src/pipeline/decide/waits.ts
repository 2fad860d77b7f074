// The waits rules share: work parked until its project is in the ERP, or until a master record is known.
// The dependency names what releases it; `awaiting` is what an operator reads.
import type { Decision, MasterKind } from '../../store/port.ts';
import type { DecideEnvironment } from './context.ts';

export function awaitProvisioned(seq: number, projectId: string, env: DecideEnvironment): Decision {
  return {
    seq,
    kind: 'park',
    dependency: {
      kind: 'xref',
      canonicalId: projectId,
      system: env.erpSystem,
      awaiting: `awaiting ProjectProvisioned ${projectId}`,
    },
  };
}

export function awaitMaster(seq: number, objectKind: MasterKind, id: string, eventName: string): Decision {
  return {
    seq,
    kind: 'park',
    dependency: { kind: 'master', objectKind, id, awaiting: `awaiting ${eventName} ${id}` },
  };
}

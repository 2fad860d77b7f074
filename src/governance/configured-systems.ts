// The part of `systems` that governance needs: which ids exist and what kind of system each one is.

export interface ConfiguredSystems {
  readonly psa: readonly { readonly id: string }[];
  readonly erp: { readonly id: string };
  readonly crm?: readonly { readonly id: string }[];
}

export function systemIds(systems: ConfiguredSystems): string[] {
  return [...systems.psa.map((s) => s.id), systems.erp.id, ...(systems.crm ?? []).map((s) => s.id)];
}

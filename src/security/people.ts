// One person, several identities: the same finance controller runs `ledgerline` at a terminal (cli:<os
// user>), calls the API with a key (apikey:<id>) and signs in to the console (oidc:<issuer>#<sub>). The
// audit log records the identity that acted; segregation of duties (a period's corrector may not sign it
// off; a governance proposer may not approve it) compares people. `security.people` in the configuration
// says which identities are one person; an identity it does not list is a person of its own.

export type PeopleConfig = Readonly<Record<string, readonly string[]>>;

export interface People {
  /** The person an identity belongs to: the configured name, or the identity itself. */
  personOf(actor: string): string;
  /** Whether two identities are one person (an identity is always itself). */
  samePerson(a: string, b: string): boolean;
  /** How an identity reads in a refusal: `amelia (as cli:amelia)`, or the identity alone. */
  describe(actor: string): string;
}

export function peopleFrom(config: PeopleConfig | undefined): People {
  const byIdentity = new Map<string, string>();
  for (const [person, identities] of Object.entries(config ?? {}))
    for (const identity of identities) byIdentity.set(identity, person);
  const personOf = (actor: string) => byIdentity.get(actor) ?? actor;
  return {
    personOf,
    samePerson: (a, b) => a === b || personOf(a) === personOf(b),
    describe: (actor) => {
      const person = byIdentity.get(actor);
      return person === undefined ? actor : `${person} (as ${actor})`;
    },
  };
}

/** Problems with `security.people`: an identity listed under two people would make both one. */
export function checkPeople(config: PeopleConfig | undefined): string[] {
  const owners = new Map<string, string[]>();
  for (const [person, identities] of Object.entries(config ?? {}))
    for (const identity of identities) owners.set(identity, [...(owners.get(identity) ?? []), person]);
  return [...owners]
    .filter(([, people]) => people.length > 1)
    .map(
      ([identity, people]) =>
        `security.people: the identity "${identity}" is listed under ${people.join(' and ')}; an identity belongs to one person`,
    );
}

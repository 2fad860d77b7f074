// The console's credential (issue 8): an API key or a bearer token a person pasted, kept in this tab's
// sessionStorage (gone when the tab closes) and sent as `Authorization: Bearer`. A 401 from the API
// forgets it and asks for a new one.
const storageKey = 'ledgerline.credential';
const changed = 'ledgerline:credential';

export interface SignInRequest {
  /** Why the console asks: the API's 401 detail, e.g. an expired token. */
  readonly reason: string;
}

export function credential(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function signIn(value: string): void {
  sessionStorage.setItem(storageKey, value.trim());
  window.dispatchEvent(new CustomEvent(changed, { detail: null }));
}

export function signOut(reason: string): void {
  sessionStorage.removeItem(storageKey);
  window.dispatchEvent(new CustomEvent<SignInRequest>(changed, { detail: { reason } }));
}

/** Calls `listener` with a sign-in request (null: signed in). */
export function onCredentialChange(listener: (request: SignInRequest | null) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<SignInRequest | null>).detail);
  window.addEventListener(changed, handler);
  return () => window.removeEventListener(changed, handler);
}

/** A link that signs in (`#signin=<key>`, as `ledgerline demo --stay` prints): taken, then removed from the
 * address bar and history, so the key is not left where the next person looks. Called at start and on
 * every hash change. */
export function takeSignInLink(): void {
  const match = /^#signin=(.+)$/.exec(window.location.hash);
  if (match?.[1] === undefined) return;
  window.history.replaceState(null, '', `${window.location.pathname}#/overview`);
  // Also when the link is opened in a tab already showing the console (a hash change, no reload).
  signIn(decodeURIComponent(match[1]));
}

// The console's shell: a skip link, the navigation and the current view, chosen by the URL's hash
// (#/dead-letters), so every view is a link and the server serves one index.html.
import { useEffect, useState } from 'preact/hooks';
import { ViewErrorBoundary } from './error-boundary.tsx';
import { AlertsView } from './views/alerts.tsx';
import { BusinessView } from './views/business.tsx';
import { DeadLettersView } from './views/dead-letters.tsx';
import { FlowsView } from './views/flows.tsx';
import { LineageView } from './views/lineage.tsx';
import { OverviewView } from './views/overview.tsx';
import { ParkedView } from './views/parked.tsx';
import { ReconciliationView } from './views/reconciliation.tsx';
import { credential, onCredentialChange, signOut, takeSignInLink, type SignInRequest } from './credential.ts';
import { SignIn } from './sign-in.tsx';

const views = [
  { path: 'overview', label: 'Overview' },
  { path: 'flows', label: 'Flows' },
  { path: 'dead-letters', label: 'Dead letters' },
  { path: 'parked', label: 'Parked' },
  { path: 'lineage', label: 'Lineage' },
  { path: 'reconciliation', label: 'Reconciliation' },
  { path: 'business', label: 'Business' },
  { path: 'alerts', label: 'Alerts' },
] as const;

interface Route {
  readonly path: string;
  readonly params: URLSearchParams;
}

function currentRoute(): Route {
  const [path = '', search = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { path: path === '' ? 'overview' : path, params: new URLSearchParams(search) };
}

function View({ route }: { route: Route }) {
  switch (route.path) {
    case 'flows':
      return <FlowsView />;
    case 'dead-letters':
      return <DeadLettersView />;
    case 'parked':
      return <ParkedView />;
    case 'lineage':
      return <LineageView key={route.params.get('q') ?? ''} initial={route.params.get('q') ?? ''} />;
    case 'reconciliation':
      return <ReconciliationView />;
    case 'business':
      return <BusinessView />;
    case 'alerts':
      return <AlertsView />;
    case 'overview':
      return <OverviewView />;
    default:
      return (
        <p role="alert">
          There is no view “{route.path}”. <a href="#/overview">Go to the overview</a>.
        </p>
      );
  }
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  // Set when the API answered 401: the views give way to the sign-in screen until a credential is given.
  const [signInRequest, setSignInRequest] = useState<SignInRequest | null>(null);
  const [signedIn, setSignedIn] = useState(() => credential() !== null);
  useEffect(
    () =>
      onCredentialChange((request) => {
        setSignInRequest(request);
        setSignedIn(credential() !== null);
      }),
    [],
  );
  useEffect(() => {
    const change = () => {
      takeSignInLink();
      setRoute(currentRoute());
    };
    window.addEventListener('hashchange', change);
    return () => window.removeEventListener('hashchange', change);
  }, []);
  useEffect(() => {
    const label = views.find((v) => v.path === route.path)?.label ?? 'Not found';
    document.title = `${label} · Ledgerline console`;
  }, [route.path]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Ledgerline</span>
        <nav aria-label="Views">
          <ul>
            {views.map((v) => (
              <li key={v.path}>
                <a href={`#/${v.path}`} aria-current={route.path === v.path ? 'page' : undefined}>
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {signedIn && (
          <button type="button" class="sign-out" onClick={() => signOut('Signed out.')}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {signInRequest === null ? (
          <ViewErrorBoundary key={`${window.location.hash}:${String(signedIn)}`}>
            <View route={route} />
          </ViewErrorBoundary>
        ) : (
          <SignIn reason={signInRequest.reason} />
        )}
      </main>
    </>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, onUnauthorized, request } from './api/client';
import { live } from './api/live';
import type { User } from './api/types';
import { AuthContext, useAuth, type AuthState } from './auth';
import { ConfirmHost } from './components/ConfirmHost';
import { Notices } from './components/Notices';
import { useLiveStatus, useRoute } from './hooks';
import { clearErrors, notifyError } from './notices';
import { ClientDetailPage } from './pages/ClientDetail';
import { ClientsPage } from './pages/Clients';
import { LoginPage } from './pages/Login';
import { LogDetailPage } from './pages/LogDetail';
import { LogsPage } from './pages/Logs';
import { ModelsPage } from './pages/Models';
import { OverviewPage } from './pages/Overview';
import { ProvidersPage } from './pages/Providers';
import { SessionsPage } from './pages/Sessions';
import { SystemPage } from './pages/System';
import { UsersPage } from './pages/Users';
import { WebhooksPage } from './pages/Webhooks';
import { AlertNotices } from './components/AlertNotices';
import { currentTheme, setTheme, type Theme } from './theme';

interface NavItem {
  id: string;
  label: string;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'clients', label: 'Clients' },
  { id: 'providers', label: 'Providers' },
  { id: 'models', label: 'Models' },
  { id: 'logs', label: 'Logs' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'users', label: 'Users', adminOnly: true },
  { id: 'sessions', label: 'Sessions', adminOnly: true },
  { id: 'system', label: 'System' },
];

export function App() {
  // undefined: still asking /api/auth/me; null: signed out.
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    onUnauthorized(() => {
      setUser((u) => {
        if (u) notifyError(new Error('Your session has ended. Please sign in again.'));
        return null;
      });
    });
    const ctrl = new AbortController();
    request<User>('GET', '/api/auth/me', { allow401: true, signal: ctrl.signal })
      .then(setUser)
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        const status = (err as { status?: number }).status;
        if (status !== 401) notifyError(err);
        setUser(null);
      });
    return () => {
      ctrl.abort();
      onUnauthorized(null);
    };
  }, []);

  useEffect(() => {
    if (user) live.start();
    else live.stop();
  }, [user]);

  const auth = useMemo<AuthState | null>(
    () => (user ? { user, isAdmin: user.role === 'admin', canWrite: user.role === 'admin' } : null),
    [user],
  );

  let body;
  if (user === undefined) body = <div class="splash" aria-busy="true">Loading…</div>;
  else if (!auth) body = <LoginPage onLogin={(u) => { clearErrors(); setUser(u); }} />;
  else {
    body = (
      <AuthContext.Provider value={auth}>
        <Shell onSignedOut={() => setUser(null)} />
      </AuthContext.Provider>
    );
  }

  return (
    <>
      {body}
      <Notices />
      <ConfirmHost />
    </>
  );
}

function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const route = useRoute();
  const [theme, setThemeState] = useState<Theme>(currentTheme);
  const liveStatus = useLiveStatus();
  const [signingOut, setSigningOut] = useState(false);
  const auth = useAuth();
  const [path, qs] = route.split('?');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const page = parts[0] ?? 'overview';

  useEffect(() => {
    clearErrors();
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route]);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.post('/api/auth/logout');
    } catch (err) {
      notifyError(err);
    } finally {
      setSigningOut(false);
      onSignedOut();
    }
  };

  const toggleTheme = () => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setTheme(next);
    setThemeState(next);
  };

  const nav = NAV.filter((n) => !n.adminOnly || auth.isAdmin);
  const liveLabel = liveStatus === 'open' ? 'Live' : liveStatus === 'connecting' ? 'Connecting…' : 'Reconnecting…';

  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <aside class="sidebar">
        <div class="brand">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true" class="brand-mark">
            <rect width="32" height="32" rx="7" />
            <path d="M9 22V10h6a4 4 0 0 1 0 8h-6M17 18l6 4M23 10v12" />
          </svg>
          GopherGate
        </div>
        <nav aria-label="Main">
          <ul class="nav">
            {nav.map((n) => (
              <li key={n.id}>
                <a href={`#/${n.id}`} class={page === n.id ? 'nav-link active' : 'nav-link'} aria-current={page === n.id ? 'page' : undefined} data-testid={`nav-${n.id}`}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div class="content">
        <header class="topbar">
          <span class={`live-dot live-${liveStatus}`} role="status" title="Live feed connection">
            {liveLabel}
          </span>
          <span class="spacer" />
          <button type="button" class="btn btn-ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-toggle">
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <span class="whoami" data-testid="whoami">
            {auth.user.username} <span class="muted">({auth.user.role})</span>
          </span>
          <button type="button" class="btn" onClick={signOut} disabled={signingOut} data-testid="signout">
            Sign out
          </button>
        </header>
        <main id="main" class="main" tabIndex={-1}>
          <AlertNotices />
          <Routes page={page} parts={parts} qs={qs ?? ''} />
        </main>
      </div>
    </div>
  );
}

function Routes({ page, parts, qs }: { page: string; parts: string[]; qs: string }) {
  const { isAdmin } = useAuth();
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'clients':
      return parts[1] ? <ClientDetailPage key={parts[1]} id={parts[1]} /> : <ClientsPage />;
    case 'providers':
      return <ProvidersPage />;
    case 'models':
      return <ModelsPage />;
    case 'logs':
      return parts[1] ? <LogDetailPage key={parts[1]} id={parts[1]} /> : <LogsPage key={qs} query={new URLSearchParams(qs)} />;
    case 'users':
      return isAdmin ? <UsersPage /> : <NotAllowed />;
    case 'sessions':
      return isAdmin ? <SessionsPage /> : <NotAllowed />;
    case 'system':
      return <SystemPage />;
    case 'webhooks':
      return <WebhooksPage />;
    default:
      return (
        <div class="empty-page">
          <h1>Page not found</h1>
          <p>
            <a href="#/overview">Go to the overview</a>
          </p>
        </div>
      );
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function NotAllowed() {
  return (
    <div class="empty-page">
      <h1>Admins only</h1>
      <p>Your account has read-only access.</p>
    </div>
  );
}

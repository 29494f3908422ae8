import { useState } from 'preact/hooks';
import { request } from '../api/client';
import type { LoginResponse, User } from '../api/types';
import { clearErrors, notifyError } from '../notices';

export function LoginPage({ onLogin }: { onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    clearErrors();
    try {
      // The gg_session cookie set by this response authenticates everything after it;
      // the token itself is not kept in script-readable storage.
      const res = await request<LoginResponse>('POST', '/api/auth/login', { body: { username, password }, allow401: true });
      setPassword('');
      onLogin(res.user);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card card" onSubmit={submit} aria-labelledby="login-title">
        <div class="brand login-brand">
          <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" class="brand-mark">
            <rect width="32" height="32" rx="7" />
            <path d="M9 22V10h6a4 4 0 0 1 0 8h-6M17 18l6 4M23 10v12" />
          </svg>
          GopherGate
        </div>
        <h1 id="login-title">Sign in</h1>
        <label class="field">
          <span class="field-label">Username</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
            autoFocus
            data-testid="login-username"
          />
        </label>
        <label class="field">
          <span class="field-label">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
            data-testid="login-password"
          />
        </label>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

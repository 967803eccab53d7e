import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError, request } from './api';
import { LoginDocument } from './graphql/__generated__/graphql';
import { useOutbox, useSession } from './hooks';
import { sessionStore } from './offline/session';
import { drain } from './offline/outbox';
import { ErrorNote } from './ui/components';

export function SignIn() {
  const { t } = useTranslation();
  const { session, expired } = useSession();
  const items = useOutbox();
  const [username, setUsername] = useState(session?.account.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const waiting = items?.filter((i) => i.state === 'waiting' || i.state === 'sending').length ?? 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request(LoginDocument, { input: { username: username.trim(), password } });
      await sessionStore.signIn({ token: r.login.token, expiresAt: r.login.expiresAt, account: r.login.account });
      void drain();
    } catch (err) {
      setError(err instanceof ApiError ? err.code : err instanceof NetworkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="screen narrow">
      <h1>{t('signIn.title')}</h1>
      {expired && <p className="note">{t('signIn.expired')}</p>}
      {waiting > 0 && (
        <p className="note" role="status">
          {t('signIn.outboxKept', { count: waiting })}
        </p>
      )}
      <form onSubmit={submit} className="form">
        <label>
          {t('signIn.username')}
          <input name="username" autoComplete="username" autoCapitalize="none" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <ErrorNote code={error === 'UNAUTHENTICATED' ? 'LOGIN_FAILED' : error} />}
        <button type="submit" className="button primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

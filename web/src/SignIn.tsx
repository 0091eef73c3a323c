/** The sign-in page (issue #10 item 1): username and password, errors in plain words. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type User } from './api.ts';

export function SignIn({ onSignedIn, isAgent }: { onSignedIn: (user: User) => void; isAgent: boolean }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(isAgent ? t('signIn.agentRole') : null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await api.login(username, password);
      if (user.role === 'agent') setError(t('signIn.agentRole'));
      else onSignedIn(user);
    } catch (caught) {
      if (caught instanceof ApiError && caught.httpStatus === 401) setError(t('signIn.wrong'));
      else if (caught instanceof ApiError && caught.httpStatus === 429) setError(t('signIn.tooMany'));
      else setError(t('signIn.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <form className="sign-in" onSubmit={submit}>
        <h1>{t('signIn.title')}</h1>
        <label htmlFor="username">{t('signIn.username')}</label>
        <input id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={isBusy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

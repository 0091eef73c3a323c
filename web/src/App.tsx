/** Who is signed in decides what shows: the sign-in page or the console. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from './api.ts';
import { Console } from './Console.tsx';
import { SignIn } from './SignIn.tsx';

export function App() {
  const { t } = useTranslation();
  /** undefined while asking the server, null when nobody is signed in. */
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api.me().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return <p role="status">{t('app.loading')}</p>;
  if (user === null || user.role === 'agent') return <SignIn onSignedIn={setUser} isAgent={user?.role === 'agent'} />;
  return (
    <Console
      user={user}
      onSignedOut={() => setUser(null)}
    />
  );
}

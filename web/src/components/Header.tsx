/** The header (issue #10 item 1): user and role, live-feed state with the last update, language, theme, sign-out. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api.ts';
import { formatTime } from '../format.ts';
import { type Language, LANGUAGES, setLanguage } from '../i18n/index.ts';
import { useFeedStatus } from '../live/hooks.ts';
import { applyTheme, initialTheme } from '../theme.ts';

export function Header({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const status = useFeedStatus();
  const [isDark, setDark] = useState(initialTheme() === 'dark');
  const toggleTheme = (dark: boolean) => {
    setDark(dark);
    applyTheme(dark ? 'dark' : 'light');
  };
  return (
    <header className="header">
      <h1>{t('app.name')}</h1>
      <span className="feed-state" data-state={status.state} role="status" aria-label={t('header.feedState')}>
        <span className="dot" aria-hidden="true" />
        <span data-testid="feed-state">
          {status.state === 'stale' && status.staleSince !== null
            ? t('header.feed.stale', { time: formatTime(status.staleSince, i18n.language, null) })
            : t(`header.feed.${status.state}`)}
        </span>
        <small>
          {status.lastUpdate === null
            ? t('header.noUpdate')
            : t('header.lastUpdate', { time: formatTime(status.lastUpdate, i18n.language, null) })}
        </small>
      </span>
      <span className="user">
        {t('header.signedInAs')} <strong data-testid="user-name">{user.username}</strong> · <span data-testid="user-role">{t(`header.role.${user.role}`)}</span>
      </span>
      <select aria-label={t('header.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
      <label>
        <input type="checkbox" checked={isDark} onChange={(e) => toggleTheme(e.target.checked)} /> {t('header.darkTheme')}
      </label>
      <button onClick={onSignOut}>{t('header.signOut')}</button>
    </header>
  );
}

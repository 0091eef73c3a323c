/**
 * The signed-in console (issue #10): header, tabs, the shared filter bar and the tab of the
 * view in the URL, over one live-feed connection; the conversation panel opens over any tab.
 */
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from './api.ts';
import { ActionsHost } from './actions/ActionsHost.tsx';
import { ConversationPanel } from './actions/ConversationPanel.tsx';
import { FilterBar } from './components/FilterBar.tsx';
import { Header } from './components/Header.tsx';
import { FeedContext } from './live/hooks.ts';
import { feedUrl, LiveFeed } from './live/feed.ts';
import { AgentsTab } from './tabs/AgentsTab.tsx';
import { OngoingTab } from './tabs/OngoingTab.tsx';
import { SummaryTab } from './tabs/SummaryTab.tsx';
import { QueuesTab } from './tabs/QueuesTab.tsx';
import { VoiceTab } from './tabs/VoiceTab.tsx';
import { DirectoryContext, useDirectoryLoader } from './queues/use-directory.ts';
import { useView } from './use-view.ts';
import { TABS, type Tab } from './view-state.ts';

export function Console({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  const [feed, setFeed] = useState<LiveFeed | null>(null);
  useEffect(() => {
    const opened = new LiveFeed(feedUrl(window.location), () => signedOut.current());
    setFeed(opened);
    return () => opened.close();
  }, []);
  const [view, setView] = useView();
  const directory = useDirectoryLoader();
  const [openConversation, setOpenConversation] = useState<{ id: string; monitor: boolean } | null>(null);

  const signOut = async () => {
    await api.logout().catch(() => undefined);
    onSignedOut();
  };
  const selectTab = (tab: Tab) => setView((current) => ({ ...current, tab }));
  const onTabKey = (event: KeyboardEvent) => {
    const index = TABS.indexOf(view.tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    selectTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const open = useCallback((id: string, monitor = false) => setOpenConversation({ id, monitor }), []);
  const monitor = useCallback((id: string) => open(id, true), [open]);
  if (!feed) return null;

  return (
    <FeedContext.Provider value={feed}>
      <DirectoryContext.Provider value={directory}>
      <ActionsHost onMonitor={monitor}>
      <div className="console">
        <Header user={user} onSignOut={signOut} />
        <nav className="tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onTabKey}>
          {TABS.map((tab) => (
            <button
              key={tab}
              id={`tab-${tab}`}
              role="tab"
              aria-selected={view.tab === tab}
              aria-controls="tab-panel"
              tabIndex={view.tab === tab ? 0 : -1}
              onClick={() => selectTab(tab)}
            >
              {t(`tabs.${tab}`)}
            </button>
          ))}
        </nav>
        <FilterBar filters={view.filters} onChange={(filters) => setView((current) => ({ ...current, filters }))} />
        <main>
          <section id="tab-panel" role="tabpanel" aria-labelledby={`tab-${view.tab}`} className="tab-panel">
            {view.tab === 'summary' && <SummaryTab view={view} setView={setView} />}
            {view.tab === 'ongoing' && <OngoingTab view={view} setView={setView} onOpen={open} />}
            {view.tab === 'agents' && <AgentsTab view={view} onOpen={open} />}
            {view.tab === 'voice' && <VoiceTab view={view} setView={setView} onOpen={open} />}
            {/* Changing a queue is for admins (docs/api.md "Changing a queue's thresholds"); the server checks it again. */}
            {view.tab === 'queues' && <QueuesTab view={view} canEdit={user.role === 'admin'} />}
          </section>
        </main>
        {openConversation && (
          <ConversationPanel
            key={openConversation.id}
            conversationId={openConversation.id}
            startMonitoring={openConversation.monitor}
            timeZone={view.filters.tz}
            onClose={() => setOpenConversation(null)}
          />
        )}
      </div>
      </ActionsHost>
      </DirectoryContext.Provider>
    </FeedContext.Provider>
  );
}

/**
 * The conversation panel (issue #10 item 3): details, the actions the registry allows now,
 * and — when monitoring — the transcript, a whisper box (only the agent sees it) and Join
 * (asks first: the customer is told). Each customer message shows its own sentiment.
 * Opening the panel to monitor starts monitoring; closing it stops it. The conversation
 * comes from the live feed: new lines appear as they are written.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actionsFor, SUPERVISOR_ACTIONS } from '../../../src/domain/actions.ts';
import { api, ApiError, type ConversationDetail } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Sentiment } from '../components/Sentiment.tsx';
import { statusTextLabel } from '../components/Status.tsx';
import { formatDateTime } from '../format.ts';
import type { SentimentLevel } from '../../../src/domain/sentiment-scale.ts';
import { useActions } from './ActionsHost.tsx';
import { useLiveConversation } from '../live/hooks.ts';
import { actionErrorText } from './errors.ts';

export function ConversationPanel({
  conversationId,
  startMonitoring,
  timeZone,
  onClose,
}: {
  conversationId: string;
  startMonitoring: boolean;
  timeZone: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const live = useLiveConversation<ConversationDetail>(conversationId);
  const detail = live.conversation;
  const [actionError, setError] = useState<string | null>(null);
  const feedError = live.error ? actionErrorText(t, new ApiError(live.error.code === 'forbidden' ? 403 : 404, live.error.code, live.error.message)) : null;
  const error = actionError ?? feedError;
  const [isMonitoring, setMonitoring] = useState(false);
  const [whisper, setWhisper] = useState('');
  const [joinText, setJoinText] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);


  // Opening the panel to monitor starts monitoring; closing it (unmount) stops it.
  useEffect(() => {
    if (!startMonitoring) return;
    let isStarted = false;
    api.act(conversationId, SUPERVISOR_ACTIONS.monitor.route, { mode: 'start' }).then(
      () => {
        isStarted = true;
        setMonitoring(true);
      },
      (caught) => setError(actionErrorText(t, caught)),
    );
    return () => {
      if (isStarted) void api.act(conversationId, SUPERVISOR_ACTIONS.monitor.route, { mode: 'stop' }).catch(() => undefined);
    };
  }, [conversationId, startMonitoring, t]);

  useEffect(() => panel.current?.focus(), []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && joinText === null) onClose();
  };

  const send = async (name: 'whisper' | 'join', text: string) => {
    try {
      await api.act(conversationId, SUPERVISOR_ACTIONS[name].route, { text });
      if (name === 'whisper') setWhisper('');
      setJoinText(null);
    } catch (caught) {
      actions.report({ kind: 'error', text: actionErrorText(t, caught) });
    }
  };

  const allowed = detail ? actionsFor(detail.status, detail.accepted) : [];
  const lang = i18n.language;
  return (
    <aside className="panel" aria-label={t('monitor.detailTitle')} tabIndex={-1} ref={panel} onKeyDown={onKeyDown} data-testid="conversation-panel">
      <header>
        <h2>{isMonitoring ? t('monitor.title') : t('monitor.detailTitle')}</h2>
        <button onClick={onClose}>{t('actions.close')}</button>
      </header>
      <div className="body">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {detail && (
          <>
            <h3>{detail.subject}</h3>
            <dl>
              <dt>{t('ongoing.column.status')}</dt>
              <dd data-testid="panel-status">{statusTextLabel(t, detail.statusText)}</dd>
              <dt>{t('monitor.customer')}</dt>
              <dd>{detail.customer?.name ?? '–'}</dd>
              <dt>{t('monitor.queue')}</dt>
              <dd>{detail.queueName ?? detail.queueId}</dd>
              <dt>{t('monitor.agent')}</dt>
              <dd>{detail.activeAgentName ?? '–'}</dd>
              <dt>{t('ongoing.column.channel')}</dt>
              <dd>{t(`channel.${detail.channel}`)}</dd>
              <dt>{t('ongoing.column.sentiment')}</dt>
              <dd>
                <Sentiment level={detail.sentiment as SentimentLevel} />
              </dd>
              <dt>{t('monitor.created')}</dt>
              <dd>{formatDateTime(detail.createdAt, lang, timeZone)}</dd>
            </dl>
            <div className="actions">
              {allowed
                .filter((name) => name !== 'whisper' && name !== 'join' && !(name === 'monitor' && isMonitoring))
                .map((name) => (
                  <button key={name} onClick={() => actions.start(name, { id: detail.id, subject: detail.subject })}>
                    {t(SUPERVISOR_ACTIONS[name].labelKey)}
                  </button>
                ))}
              {allowed.length === 0 && <p>{t('actions.none')}</p>}
            </div>
            {isMonitoring && <p className="notice">{t('monitor.monitoring')}</p>}
            <h3>{t('monitor.transcript')}</h3>
            {detail.transcript.length === 0 && <p>{t('monitor.noMessages')}</p>}
            <ol className="transcript" aria-live="polite" data-testid="transcript">
              {detail.transcript.map((line) => (
                <li key={line.id} className={line.visibility === 'internal' ? 'internal' : undefined}>
                  <div className="who">
                    {t(`monitor.from.${line.from}`, { defaultValue: line.from })} · {formatDateTime(line.at, lang, timeZone)}
                    {line.visibility === 'internal' && ` · ${t('monitor.internal')}`}
                  </div>
                  {line.text}
                  {line.sentiment && (
                    <div className="message-sentiment" data-testid="message-sentiment">
                      <span className="visually-hidden">{t('monitor.messageSentiment')} </span>
                      <Sentiment level={line.sentiment} />
                    </div>
                  )}
                </li>
              ))}
            </ol>
            <h3>{t('monitor.timeline')}</h3>
            <ol className="timeline" data-testid="timeline">
              {detail.timeline.map((event) => (
                <li key={event.id}>
                  {formatDateTime(event.at, lang, timeZone)} · {t(`timeline.${event.type.replace('.', '_')}`, { defaultValue: event.type })}
                </li>
              ))}
            </ol>
            {allowed.includes('whisper') && (
              <form
                className="whisper"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (whisper.trim()) void send('whisper', whisper);
                }}
              >
                <label htmlFor="whisper-text">{t('monitor.whisper')}</label>
                <p>
                  <strong>{t('monitor.whisperNote')}</strong>
                </p>
                <textarea id="whisper-text" value={whisper} onChange={(e) => setWhisper(e.target.value)} />
                <button type="submit" className="primary">
                  {t('monitor.send')}
                </button>
              </form>
            )}
            {allowed.includes('join') && (
              <p>
                <button onClick={() => setJoinText('')}>{t('monitor.join')}</button>
              </p>
            )}
          </>
        )}
      </div>
      {joinText !== null && detail && (
        <Dialog title={t('monitor.joinTitle')} role="alertdialog" onClose={() => setJoinText(null)}>
          <p>{t('monitor.joinBody')}</p>
          <label htmlFor="join-text">{t('monitor.joinMessage')}</label>
          <textarea id="join-text" data-autofocus value={joinText} onChange={(e) => setJoinText(e.target.value)} />
          <div className="buttons">
            <button onClick={() => setJoinText(null)}>{t('actions.cancel')}</button>
            <button className="primary" disabled={joinText.trim() === ''} onClick={() => void send('join', joinText)}>
              {t('monitor.joinConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </aside>
  );
}

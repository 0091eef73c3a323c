/**
 * Runs the supervisor actions of the registry (src/domain/actions.ts) from wherever the
 * console offers them (a row's menu, the conversation panel): the assign/transfer picker,
 * the force-close confirmation, and the outcome in plain words.
 */
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActionName, SUPERVISOR_ACTIONS } from '../../../src/domain/actions.ts';
import { api } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { statusInSentence } from '../components/Status.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { actionErrorText } from './errors.ts';

export interface ActionTarget {
  id: string;
  subject: string;
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

interface Actions {
  start(name: ActionName, target: ActionTarget): void;
  /** Shows the outcome of an action taken elsewhere (the panel's whisper and join). */
  report(notice: Notice): void;
}

const ActionsContext = createContext<Actions | null>(null);

export function useActions(): Actions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions outside ActionsHost');
  return actions;
}

type Pending = { name: 'assign' | 'transfer' | 'forceClose'; target: ActionTarget };

export function ActionsHost({ onMonitor, children }: { onMonitor: (conversationId: string) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const start = useCallback(
    (name: ActionName, target: ActionTarget) => {
      setNotice(null);
      if (name === 'monitor' || name === 'whisper' || name === 'join') onMonitor(target.id);
      else setPending({ name, target });
    },
    [onMonitor],
  );

  /** Sends an action to the server; the outcome shows as a notice. */
  const send = async (name: ActionName, target: ActionTarget, body: object) => {
    setPending(null);
    try {
      const answer = await api.act(target.id, SUPERVISOR_ACTIONS[name].route, body);
      setNotice({ kind: 'ok', text: t('actions.done', { status: statusInSentence(t, answer.statusText) }) });
    } catch (error) {
      setNotice({ kind: 'error', text: actionErrorText(t, error) });
    }
  };

  return (
    <ActionsContext.Provider value={{ start, report: setNotice }}>
      {children}
      {pending?.name === 'forceClose' && (
        <Dialog title={t('forceClose.title')} role="alertdialog" onClose={() => setPending(null)}>
          <p>{t('forceClose.body')}</p>
          <div className="buttons">
            <button data-autofocus onClick={() => setPending(null)}>
              {t('actions.cancel')}
            </button>
            <button className="danger" onClick={() => send('forceClose', pending.target, { confirm: true })}>
              {t('forceClose.confirm')}
            </button>
          </div>
        </Dialog>
      )}
      {(pending?.name === 'assign' || pending?.name === 'transfer') && (
        <AssignDialog
          action={pending.name}
          target={pending.target}
          onCancel={() => setPending(null)}
          onChoose={(body) => send(pending.name, pending.target, body)}
        />
      )}
      {notice && (
        <div className={`notice toast ${notice.kind === 'error' ? 'error' : ''}`} role="alert" data-testid="action-notice">
          <span>{notice.text}</span>
          <button onClick={() => setNotice(null)}>{t('actions.close')}</button>
        </div>
      )}
    </ActionsContext.Provider>
  );
}

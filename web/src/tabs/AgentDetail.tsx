/**
 * One agent in detail (issue #10 item 5), from the Agents board: presence and for how long,
 * capacity, skills with proficiency, the agent's queues (those of the caller's scope) and
 * its ongoing conversations, live through a small viewport of the ongoing list filtered on
 * the agent; each conversation opens the conversation panel.
 */
import { useTranslation } from 'react-i18next';
import type { LiveAgentRow } from '../../../src/server/live/live-report.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Sentiment } from '../components/Sentiment.tsx';
import { statusKey } from '../components/Status.tsx';
import { formatDuration } from '../format.ts';
import { handleSecondsAt, presenceSecondsAt, waitSecondsAt } from '../live/clock.ts';
import { useNow, useViewport } from '../live/hooks.ts';
import { queuesOfAgent } from '../queues/directory.ts';
import { useDirectory } from '../queues/use-directory.ts';
import { DEFAULT_SORT } from '../view-state.ts';
import { CapacityBar } from '../components/CapacityBar.tsx';
import { skillsByLevel } from './agent-skills.ts';

/** More than an agent holds at once (capacity 100 at 10 units a conversation); the count says if there are more. */
const SHOWN_CONVERSATIONS = 50;

export function AgentDetail({
  agent,
  filters,
  onOpen,
  onClose,
}: {
  agent: LiveAgentRow;
  /** The view's filters (window, zone …); the agent filter is this agent. */
  filters: Record<string, string | boolean>;
  onOpen: (conversationId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const directory = useDirectory();
  const { answer } = useViewport(
    'agent-detail',
    { filters: { ...filters, agent: agent.id }, sort: DEFAULT_SORT, search: '', range: { from: 0, count: SHOWN_CONVERSATIONS } },
    false,
  );
  const queues = queuesOfAgent(directory.queues, agent.id);
  return (
    <Dialog title={agent.name} onClose={onClose}>
      <div className="agent-detail" data-testid="agent-detail">
        <dl>
          <dt>{t('agents.presence')}</dt>
          <dd>
            <span className="presence" data-presence={agent.presence}>
              {t(`presence.${agent.presence}`)}
            </span>{' '}
            · {t('agents.forDuration', { duration: formatDuration(presenceSecondsAt(agent, now)) })}
          </dd>
          <dt>{t('agents.capacity')}</dt>
          <dd>
            <CapacityBar agent={agent} shows="used" />
          </dd>
          <dt>{t('agents.queues')}</dt>
          <dd data-testid="agent-queues">{queues.length === 0 ? '–' : queues.map((queue) => queue.name).join(', ')}</dd>
        </dl>
        <h3>{t('agents.skills')}</h3>
        <ul className="skills" data-testid="agent-skills">
          {skillsByLevel(agent.skills).map(({ skill, level }) => (
            <li key={skill}>
              <span>{skill}</span>
              <span className="level-bar" aria-hidden="true">
                <span style={{ width: `${level * 10}%` }} />
              </span>
              <span>{t('agents.proficiency', { level })}</span>
            </li>
          ))}
        </ul>
        <h3>{t('agents.conversations')}</h3>
        {answer && answer.total === 0 && <p>{t('agents.noConversations')}</p>}
        <ul className="agent-conversations" data-testid="agent-conversations">
          {answer?.rows.map((row) => (
            <li key={row.id}>
              <button className="link" onClick={() => onOpen(row.id)} data-conversation-id={row.id}>
                <strong>{row.subject}</strong>
                <span>
                  {t(statusKey(row.status, row.accepted))} · {t(`channel.${row.channel}`)} · {row.queueName} · {t('agents.handle', { duration: formatDuration(handleSecondsAt(row, now)) })}
                  {!row.accepted && ` · ${t('agents.wait', { duration: formatDuration(waitSecondsAt(row, now)) })}`}
                </span>
                <Sentiment level={row.sentiment} isAlert={row.sentimentAlert} />
              </button>
            </li>
          ))}
        </ul>
        <div className="buttons">
          <button onClick={onClose}>{t('actions.close')}</button>
        </div>
      </div>
    </Dialog>
  );
}

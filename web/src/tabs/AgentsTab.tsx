/**
 * Agents (issue #10 item 5): every agent in scope, online or offline — presence and for how
 * long (ticking), capacity bar, ongoing conversations with their sentiment (each opens the
 * conversation panel), accepted / transferred / rejected, AHT, skills. An agent's name opens
 * its detail (AgentDetail.tsx).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveAgentsReport } from '../../../src/server/live/live-report.ts';
import { Sentiment } from '../components/Sentiment.tsx';
import { formatDuration, formatNumber } from '../format.ts';
import { presenceSecondsAt } from '../live/clock.ts';
import { useLiveReport, useNow } from '../live/hooks.ts';
import { feedFilters, type ViewState } from '../view-state.ts';
import { AgentDetail } from './AgentDetail.tsx';
import { CapacityBar } from '../components/CapacityBar.tsx';

export function AgentsTab({ view, onOpen }: { view: ViewState; onOpen: (conversationId: string) => void }) {
  const { t, i18n } = useTranslation();
  const report = useLiveReport<LiveAgentsReport & { at: string }>('agents', feedFilters(view.filters));
  const now = useNow();
  const { presence } = view.filters;
  const [board, setBoard] = useState<'online' | 'offline'>(presence === 'offline' ? 'offline' : 'online');
  const [detailId, setDetailId] = useState<string | null>(null);
  if (!report) return <p role="status">{t('summary.waitingForData')}</p>;
  const lang = i18n.language;
  const agents = report.agents.filter((agent) => (agent.presence === 'offline') === (board === 'offline') && (presence === null || agent.presence === presence));
  const detail = report.agents.find((agent) => agent.id === detailId) ?? null;
  return (
    <>
      <div className="subtabs" role="tablist" aria-label={t('agents.title')}>
        {(['online', 'offline'] as const).map((name) => (
          <button key={name} role="tab" aria-selected={board === name} onClick={() => setBoard(name)}>
            {t(`agents.${name}`)} ({formatNumber(report.agents.filter((agent) => (agent.presence === 'offline') === (name === 'offline')).length, lang)})
          </button>
        ))}
      </div>
      <table className="agents-table" aria-label={t('agents.tableLabel')} data-testid="agents-table">
        <thead>
          <tr>
            <th>{t('agents.name')}</th>
            <th>{t('agents.presence')}</th>
            <th>{t('agents.since')}</th>
            <th>{t('agents.capacity')}</th>
            <th>{t('agents.conversations')}</th>
            <th>{t('agents.accepted')}</th>
            <th>{t('agents.transferred')}</th>
            <th>{t('agents.rejected')}</th>
            <th>{t('agents.aht')}</th>
            <th>{t('agents.skills')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.length === 0 && (
            <tr>
              <td colSpan={10}>{t('agents.none')}</td>
            </tr>
          )}
          {agents.map((agent) => {
            return (
              <tr key={agent.id} data-agent-id={agent.id}>
                <td>
                  <button className="link name" onClick={() => setDetailId(agent.id)} aria-haspopup="dialog" title={t('agents.openDetail', { name: agent.name })}>
                    {agent.name}
                  </button>
                </td>
                <td>
                  <span className="presence" data-presence={agent.presence}>
                    {t(`presence.${agent.presence}`)}
                  </span>
                </td>
                <td className="num">{formatDuration(presenceSecondsAt(agent, now))}</td>
                <td>
                  <CapacityBar agent={agent} shows="used" />
                </td>
                <td>
                  {agent.conversations.map((conversation) => (
                    <button key={conversation.id} className="link" onClick={() => onOpen(conversation.id)} aria-label={`${conversation.id}: ${t(`sentiment.${conversation.sentiment}`)}`}>
                      <Sentiment level={conversation.sentiment} isAlert={conversation.sentimentAlert} />
                    </button>
                  ))}
                </td>
                <td className="num">{formatNumber(agent.accepted, lang)}</td>
                <td className="num">{formatNumber(agent.transferred, lang)}</td>
                <td className="num">{formatNumber(agent.rejected, lang)}</td>
                <td className="num">{formatDuration(agent.averageHandleTimeSeconds)}</td>
                <td>{Object.entries(agent.skills).map(([skill, level]) => `${skill} ${level}`).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {detail && (
        <AgentDetail
          agent={detail}
          filters={feedFilters(view.filters)}
          onClose={() => setDetailId(null)}
          onOpen={(conversationId) => {
            setDetailId(null);
            onOpen(conversationId);
          }}
        />
      )}
    </>
  );
}

/**
 * The assign / transfer picker (SPEC §5, issue #10 item 3): the queue's agents best match
 * first (presence, free/total capacity as a bar, skills with proficiency) and the other
 * queues, from `GET /conversations/{id}/assign-options`. An agent routing would not choose
 * (presence or capacity) asks for an override first, saying by how many units they go over.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AssignOptions } from '../api.ts';
import { CapacityBar } from '../components/CapacityBar.tsx';
import { Dialog } from '../components/Dialog.tsx';
import type { ActionTarget } from './ActionsHost.tsx';
import { actionErrorText } from './errors.ts';

type PickerAgent = AssignOptions['agents'][number];

export function needsOverride(agent: PickerAgent): boolean {
  return agent.ineligibleBecause.includes('presence') || agent.ineligibleBecause.includes('capacity');
}

export function AssignDialog({
  action,
  target,
  onCancel,
  onChoose,
}: {
  action: 'assign' | 'transfer';
  target: ActionTarget;
  onCancel: () => void;
  onChoose: (body: { agentId?: string; queueId?: string; override?: boolean }) => void;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<AssignOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<'agents' | 'queues'>('agents');
  const [overriding, setOverriding] = useState<PickerAgent | null>(null);
  useEffect(() => {
    api.assignOptions(target.id).then(setOptions, (caught) => setError(actionErrorText(t, caught)));
  }, [target.id, t]);

  const chooseAgent = (agent: PickerAgent) => (needsOverride(agent) ? setOverriding(agent) : onChoose({ agentId: agent.agentId }));
  const title = t(action === 'assign' ? 'assign.title' : 'assign.transferTitle', { subject: target.subject });

  if (overriding) {
    const presence = t(`presence.${overriding.presence}`);
    return (
      <Dialog title={t('assign.overrideTitle')} role="alertdialog" onClose={() => setOverriding(null)}>
        <p>
          {overriding.overByUnits > 0
            ? t('assign.overrideBody', { name: overriding.name, presence, units: overriding.overByUnits })
            : t('assign.overrideBodyPresence', { name: overriding.name, presence })}
        </p>
        <div className="buttons">
          <button data-autofocus onClick={() => setOverriding(null)}>
            {t('actions.cancel')}
          </button>
          <button className="primary" onClick={() => onChoose({ agentId: overriding.agentId, override: true })}>
            {t('assign.override')}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={title} onClose={onCancel}>
      <div className="subtabs" role="tablist">
        <button role="tab" aria-selected={tab === 'agents'} onClick={() => setTab('agents')}>
          {t('assign.agentsTab')}
        </button>
        <button role="tab" aria-selected={tab === 'queues'} onClick={() => setTab('queues')}>
          {t('assign.queuesTab')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {options && tab === 'agents' && (
        <table aria-label={t('assign.agentsTab')}>
          <thead>
            <tr>
              <th>{t('assign.agent')}</th>
              <th>{t('assign.presence')}</th>
              <th>{t('assign.capacity')}</th>
              <th>{t('assign.skills')}</th>
              <th>
                <span className="visually-hidden">{t('assign.choose')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {options.agents.length === 0 && (
              <tr>
                <td colSpan={5}>{t('assign.noAgents')}</td>
              </tr>
            )}
            {options.agents.map((agent) => (
              <tr key={agent.agentId}>
                <td>
                  {agent.name} {agent.routingRank === 1 && <span className="badge">{t('assign.bestMatch')}</span>}
                </td>
                <td>
                  <span className="presence" data-presence={agent.presence}>
                    {t(`presence.${agent.presence}`)}
                  </span>
                </td>
                <td>
                  <CapacityBar agent={agent} shows="free" />
                </td>
                <td>{agent.skills.map((skill) => `${skill.skill} ${skill.level}`).join(', ')}</td>
                <td>
                  <button onClick={() => chooseAgent(agent)} aria-label={`${t('assign.choose')} ${agent.name}`}>
                    {t('assign.choose')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {options && tab === 'queues' && (
        <table aria-label={t('assign.queuesTab')}>
          <tbody>
            {options.otherQueues.length === 0 && (
              <tr>
                <td>{t('assign.noQueues')}</td>
              </tr>
            )}
            {options.otherQueues.map((queue) => (
              <tr key={queue.queueId}>
                <td>{queue.name}</td>
                <td>{t('assign.openInQueue', { count: queue.openConversations, agents: queue.routableAgents })}</td>
                <td>
                  <button onClick={() => onChoose({ queueId: queue.queueId })} aria-label={`${t('assign.choose')} ${queue.name}`}>
                    {t('assign.choose')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="buttons">
        <button onClick={onCancel}>{t('actions.cancel')}</button>
      </div>
    </Dialog>
  );
}

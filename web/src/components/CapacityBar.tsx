/**
 * An agent's capacity as a bar (red when over) with the figures beside it: the units in use
 * (the agents board: how loaded) or the units free (the assign picker: room for one more).
 */
import { useTranslation } from 'react-i18next';

interface Capacity {
  capacityUnits: number;
  usedUnits: number;
  freeUnits: number;
}

export function CapacityBar({ agent, shows }: { agent: Capacity; shows: 'used' | 'free' }) {
  const { t } = useTranslation();
  const units = shows === 'used' ? agent.usedUnits : Math.max(0, agent.freeUnits);
  const share = agent.capacityUnits > 0 ? Math.min(1, units / agent.capacityUnits) : 0;
  const label = t('assign.capacityBar', { free: agent.freeUnits, total: agent.capacityUnits });
  return (
    <span title={label}>
      <span className={agent.freeUnits < 0 ? 'bar over' : 'bar'} role="img" aria-label={label}>
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>{' '}
      {shows === 'used' ? `${agent.usedUnits}/${agent.capacityUnits}` : `${agent.freeUnits} / ${agent.capacityUnits}`}
    </span>
  );
}

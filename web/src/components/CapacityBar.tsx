/** An agent's capacity: units in use of the total as a bar (red when over), with the figures beside it. */
import { useTranslation } from 'react-i18next';

export function CapacityBar({ agent }: { agent: { capacityUnits: number; usedUnits: number; freeUnits: number } }) {
  const { t } = useTranslation();
  const used = agent.capacityUnits > 0 ? Math.min(1, agent.usedUnits / agent.capacityUnits) : 0;
  const label = t('assign.capacityBar', { free: agent.freeUnits, total: agent.capacityUnits });
  return (
    <>
      <span className={agent.freeUnits < 0 ? 'bar over' : 'bar'} role="img" aria-label={label} title={label}>
        <span style={{ width: `${Math.round(used * 100)}%` }} />
      </span>{' '}
      {agent.usedUnits}/{agent.capacityUnits}
    </>
  );
}

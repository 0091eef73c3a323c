/**
 * The filter bar shared by the tabs (issue #10 item 1): window, time zone, queue, channel,
 * agent, status, direction, and the agents' presence. Queue and agent are pickers of the
 * caller's scope. Every change goes into the URL through the view state.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, PRESENCES } from '../../../src/domain/events.ts';
import { agentsInScope, type Choice, pickerOptions } from '../queues/directory.ts';
import { useDirectory } from '../queues/use-directory.ts';
import { DEFAULT_VIEW, type Filters, STATUS_FILTERS } from '../view-state.ts';

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES = Intl.supportedValuesOf('timeZone');

/** A picker of the caller's queues or agents (`GET /queues`), "all" first; the URL's value shows even when outside the scope. */
function Picker({ label, value, choices, isLoaded, onChange }: { label: string; value: string | null; choices: readonly Choice[]; isLoaded: boolean; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">{t('filters.any')}</option>
        {pickerOptions(choices, value).map((option) => (
          <option key={option.id} value={option.id}>
            {option.isOutside && isLoaded ? t('filters.outside', { id: option.id }) : option.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterBar({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const { t } = useTranslation();
  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => onChange({ ...filters, [name]: value });
  const orNull = (value: string) => (value === '' ? null : value);
  const { queues, isLoaded } = useDirectory();
  const agents = useMemo(() => agentsInScope(queues), [queues]);
  return (
    <form className="filter-bar" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('filters.window')}
        <select value={filters.window} onChange={(e) => set('window', e.target.value as Filters['window'])}>
          <option value="last24h">{t('filters.last24h')}</option>
          <option value="today">{t('filters.today')}</option>
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={filters.includeOpen} onChange={(e) => set('includeOpen', e.target.checked)} />
        {t('filters.includeOpen')}
      </label>
      <label>
        {t('filters.tz')}
        <select value={filters.tz ?? ''} onChange={(e) => set('tz', orNull(e.target.value))}>
          <option value="">{t('filters.browserZone', { zone: BROWSER_ZONE })}</option>
          {ZONES.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <Picker label={t('filters.queue')} value={filters.queue} choices={queues} isLoaded={isLoaded} onChange={(value) => set('queue', value)} />
      <label>
        {t('filters.channel')}
        <select value={filters.channel ?? ''} onChange={(e) => set('channel', orNull(e.target.value))}>
          <option value="">{t('filters.any')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channel.${channel}`)}
            </option>
          ))}
        </select>
      </label>
      <Picker label={t('filters.agent')} value={filters.agent} choices={agents} isLoaded={isLoaded} onChange={(value) => set('agent', value)} />
      <label>
        {t('filters.status')}
        <select value={filters.status ?? ''} onChange={(e) => set('status', orNull(e.target.value))}>
          <option value="">{t('filters.any')}</option>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('filters.direction')}
        <select value={filters.direction ?? ''} onChange={(e) => set('direction', orNull(e.target.value) as Filters['direction'])}>
          <option value="">{t('filters.any')}</option>
          <option value="inbound">{t('direction.inbound')}</option>
          <option value="outbound">{t('direction.outbound')}</option>
        </select>
      </label>
      <label>
        {t('filters.presence')}
        <select value={filters.presence ?? ''} onChange={(e) => set('presence', orNull(e.target.value) as Filters['presence'])}>
          <option value="">{t('filters.any')}</option>
          {PRESENCES.map((presence) => (
            <option key={presence} value={presence}>
              {t(`presence.${presence}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => onChange(DEFAULT_VIEW.filters)}>
        {t('filters.clear')}
      </button>
    </form>
  );
}

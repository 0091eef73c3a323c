/**
 * A conversation's action menu (issue #10 item 3): the actions the registry's `when` allows
 * in the row's status (whisper and join live in the monitor panel), and its details.
 */
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActionName, actionsFor, SUPERVISOR_ACTIONS } from '../../../src/domain/actions.ts';
import type { Status } from '../../../src/domain/model.ts';

/** The actions a menu offers directly; whisper and join are sent from the monitor panel. */
export function menuActions(status: Status, accepted: boolean): ActionName[] {
  return actionsFor(status, accepted).filter((name) => name !== 'whisper' && name !== 'join');
}

export function RowMenu({
  status,
  accepted,
  onAction,
  onDetails,
  onClose,
}: {
  status: Status;
  accepted: boolean;
  onAction: (name: ActionName) => void;
  onDetails: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    }
  };
  const actions = menuActions(status, accepted);
  return (
    <div className="menu" role="menu" ref={box} onKeyDown={onKeyDown} aria-label={t('actions.menu')}>
      {actions.map((name) => (
        <button key={name} role="menuitem" onClick={() => onAction(name)}>
          {t(SUPERVISOR_ACTIONS[name].labelKey)}
        </button>
      ))}
      <button role="menuitem" onClick={onDetails}>
        {t('actions.details')}
      </button>
    </div>
  );
}

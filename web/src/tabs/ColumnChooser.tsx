/** Choose and reorder the table's columns (issue #10 item 2); the choice lives in the URL. */
import { useTranslation } from 'react-i18next';
import { COLUMN_IDS, type ColumnId, moveColumn, toggleColumn } from './ongoing-columns.ts';

export function ColumnChooser({ columns, onChange }: { columns: ColumnId[]; onChange: (columns: ColumnId[]) => void }) {
  const { t } = useTranslation();
  const hidden = COLUMN_IDS.filter((id) => !columns.includes(id));
  return (
    <details className="column-chooser">
      <summary>{t('ongoing.columns')}</summary>
      <ul>
        {[...columns, ...hidden].map((id) => {
          const label = t(`ongoing.column.${id}`);
          const isShown = columns.includes(id);
          return (
            <li key={id}>
              <label>
                <input type="checkbox" checked={isShown} onChange={() => onChange(toggleColumn(columns, id))} /> {label}
              </label>
              {isShown && (
                <>
                  <button type="button" aria-label={t('ongoing.moveLeft', { column: label })} onClick={() => onChange(moveColumn(columns, id, -1))}>
                    ↑
                  </button>
                  <button type="button" aria-label={t('ongoing.moveRight', { column: label })} onClick={() => onChange(moveColumn(columns, id, 1))}>
                    ↓
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

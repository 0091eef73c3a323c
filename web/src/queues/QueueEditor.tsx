/**
 * An admin's editor of one queue's service level and alert thresholds (SPEC §6; docs/api.md
 * "Changing a queue's thresholds and targets"): a dialog over the Queues tab that sends the
 * queue's whole configuration with the edits through `PUT /queues/{id}`.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_FIGURES } from '../../../src/domain/queue-alerts.ts';
import { api, type QueueConfig } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { bodyOf, formOf, isShareFigure, type QueueForm } from './queue-form.ts';

export function QueueEditor({ queue, onClose, onSaved }: { queue: QueueConfig; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<QueueForm>(() => formOf(queue));
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const fieldLabel = (field: string) => {
    const [, figure, level] = field.split('.');
    return figure && level ? `${t(`queues.figure.${figure}`)} – ${t(`queues.${level}`)}` : t(`queues.editor.${field}`);
  };
  const save = async () => {
    const result = bodyOf(queue, form);
    if (!result.ok) {
      setError(t(`queues.editor.problem.${result.problem}`, { field: fieldLabel(result.field) }));
      return;
    }
    setSaving(true);
    try {
      await api.updateQueue(queue.id, result.body);
      onSaved();
    } catch (caught) {
      setError(t('queues.editor.refused', { message: caught instanceof Error ? caught.message : String(caught) }));
      setSaving(false);
    }
  };
  const setThreshold = (figure: keyof QueueForm['thresholds'], level: 'warn' | 'alert', value: string) =>
    setForm((current) => ({ ...current, thresholds: { ...current.thresholds, [figure]: { ...current.thresholds[figure], [level]: value } } }));

  return (
    <Dialog title={t('queues.editor.title', { queue: queue.name })} onClose={onClose}>
      <form
        className="queue-editor"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="fields">
          <label>
            {t('queues.editor.serviceLevelSeconds')}
            <input inputMode="decimal" data-autofocus value={form.serviceLevelSeconds} onChange={(e) => setForm({ ...form, serviceLevelSeconds: e.target.value })} />
          </label>
          <label>
            {t('queues.editor.serviceLevelTarget')}
            <input inputMode="decimal" value={form.serviceLevelTarget} onChange={(e) => setForm({ ...form, serviceLevelTarget: e.target.value })} />
          </label>
        </div>
        <table>
          <caption>{t('queues.editor.thresholds')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queues.editor.figure')}</th>
              <th scope="col">{t('queues.warn')}</th>
              <th scope="col">{t('queues.alert')}</th>
            </tr>
          </thead>
          <tbody>
            {ALERT_FIGURES.map(({ figure, isBadWhenHigh }) => (
              <tr key={figure}>
                <th scope="row">
                  {t(`queues.figure.${figure}`)}
                  <small>
                    {t(isBadWhenHigh ? 'queues.editor.badHigh' : 'queues.editor.badLow')}
                    {isShareFigure(figure) ? ' (%)' : figure === 'inQueue' ? '' : ` (${t('queues.editor.seconds')})`}
                  </small>
                </th>
                {(['warn', 'alert'] as const).map((level) => (
                  <td key={level}>
                    <input
                      inputMode="decimal"
                      aria-label={fieldLabel(`thresholds.${figure}.${level}`)}
                      value={form.thresholds[figure][level]}
                      onChange={(e) => setThreshold(figure, level, e.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('queues.editor.hint')}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="buttons">
          <button type="button" onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="primary" disabled={isSaving}>
            {t('queues.editor.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

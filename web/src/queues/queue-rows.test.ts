import { describe, expect, it } from 'vitest';
import type { QueueAlert } from '../../../src/domain/queue-alerts.ts';
import { figureAlert, orderQueueRows, rowState } from './queue-rows.ts';

describe('queue rows on the Queues tab', () => {
  it('orders rows by priority, then id, whatever order patches left them in', () => {
    const rows = [
      { id: 'orders', priority: 10 },
      { id: 'vip', priority: 1 },
      { id: 'billing', priority: 10 },
    ];
    expect(orderQueueRows(rows).map((row) => row.id)).toEqual(['vip', 'billing', 'orders']);
  });

  it('reads the row state and a figure’s alert from the server’s alerts', () => {
    const warn: QueueAlert = { figure: 'inQueue', level: 'warn', value: 2, threshold: 1 };
    const alert: QueueAlert = { figure: 'serviceLevel', level: 'alert', value: 0.5, threshold: 0.7 };
    expect(rowState([])).toBe('ok');
    expect(rowState([warn])).toBe('warn');
    expect(rowState([warn, alert])).toBe('alert');
    expect(figureAlert([warn, alert], 'serviceLevel')).toBe(alert);
    expect(figureAlert([warn], 'longestWaitSeconds')).toBeNull();
  });
});

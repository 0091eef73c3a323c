/** SPEC §6 "Thresholds and alerts" and its precise readings. */
import { describe, expect, it } from 'vitest';
import { type AlertFigure, queueAlerts, worstLevel } from '../../src/domain/queue-alerts.js';

const figures = (overrides: Partial<Record<AlertFigure, number | null>> = {}): Record<AlertFigure, number | null> => ({
  longestWaitSeconds: 0,
  inQueue: 0,
  averageSpeedToAnswerSeconds: null,
  abandonedRate: null,
  serviceLevel: null,
  ...overrides,
});

describe('queue alerts (SPEC §6)', () => {
  it('fires at the boundary: high figures at or above, the service level at or below', () => {
    const thresholds = { longestWaitSeconds: { warn: 60, alert: 180 }, serviceLevel: { warn: 0.8, alert: 0.5 } };
    expect(queueAlerts(figures({ longestWaitSeconds: 60, serviceLevel: 0.8 }), thresholds)).toEqual([
      { figure: 'longestWaitSeconds', level: 'warn', value: 60, threshold: 60 },
      { figure: 'serviceLevel', level: 'warn', value: 0.8, threshold: 0.8 },
    ]);
    expect(queueAlerts(figures({ longestWaitSeconds: 59, serviceLevel: 0.81 }), thresholds)).toEqual([]);
  });

  it('lists only the worse level when both are crossed', () => {
    expect(queueAlerts(figures({ inQueue: 9 }), { inQueue: { warn: 3, alert: 8 } })).toEqual([
      { figure: 'inQueue', level: 'alert', value: 9, threshold: 8 },
    ]);
  });

  it('a null figure raises nothing, a level left out never fires, unknown figures are ignored', () => {
    const thresholds = { abandonedRate: { warn: 0 }, inQueue: { alert: 2 }, talkTime: { warn: 0 } };
    expect(queueAlerts(figures({ abandonedRate: null, inQueue: 1 }), thresholds)).toEqual([]);
    expect(queueAlerts(figures({ inQueue: 5 }), { inQueue: { warn: 1 } })).toEqual([
      { figure: 'inQueue', level: 'warn', value: 5, threshold: 1 },
    ]);
  });

  it('keeps the SPEC order whatever the order of the thresholds object', () => {
    const thresholds = {
      serviceLevel: { warn: 1 },
      abandonedRate: { warn: 0 },
      averageSpeedToAnswerSeconds: { warn: 0 },
      inQueue: { warn: 0 },
      longestWaitSeconds: { warn: 0 },
    };
    const alerts = queueAlerts(figures({ averageSpeedToAnswerSeconds: 3, abandonedRate: 0.1, serviceLevel: 0.9 }), thresholds);
    expect(alerts.map((alert) => alert.figure)).toEqual([
      'longestWaitSeconds',
      'inQueue',
      'averageSpeedToAnswerSeconds',
      'abandonedRate',
      'serviceLevel',
    ]);
  });

  it('a queue is at the worse level of its alerts', () => {
    expect(worstLevel([])).toBeNull();
    expect(worstLevel(queueAlerts(figures({ inQueue: 2 }), { inQueue: { warn: 1 } }))).toBe('warn');
    const both = queueAlerts(figures({ inQueue: 2, longestWaitSeconds: 500 }), { inQueue: { warn: 1 }, longestWaitSeconds: { alert: 300 } });
    expect(worstLevel(both)).toBe('alert');
  });
});

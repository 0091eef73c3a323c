import { describe, expect, it } from 'vitest';
import { levelsByFigure, nextAlertLog } from './alert-log.ts';

const t = (seconds: number) => new Date(Date.parse('2026-12-02T08:00:00Z') + seconds * 1000).toISOString();

describe('the Summary’s alert list (SPEC §6 "Thresholds and alerts")', () => {
  it('lists each alert from when it was first seen at its level, newest first, and drops those that ended', () => {
    const vipWait = { figure: 'longestWaitSeconds' as const, level: 'warn' as const, value: 130, threshold: 120 };
    const ordersQueue = { figure: 'inQueue' as const, level: 'alert' as const, value: 13, threshold: 12 };
    let log = nextAlertLog([], [{ id: 'vip', name: 'VIP', alerts: [vipWait] }], t(0));
    expect(log.map((alert) => [alert.queueName, alert.figure, alert.since])).toEqual([['VIP', 'longestWaitSeconds', t(0)]]);

    log = nextAlertLog(log, [{ id: 'vip', name: 'VIP', alerts: [vipWait] }, { id: 'orders', name: 'Orders', alerts: [ordersQueue] }], t(5));
    expect(log.map((alert) => [alert.queueId, alert.since])).toEqual([['orders', t(5)], ['vip', t(0)]]);

    // The wait goes from warn to alert: a new crossing, so it comes first again.
    log = nextAlertLog(log, [{ id: 'vip', name: 'VIP', alerts: [{ ...vipWait, level: 'alert', value: 610, threshold: 600 }] }, { id: 'orders', name: 'Orders', alerts: [ordersQueue] }], t(9));
    expect(log.map((alert) => [alert.queueId, alert.level, alert.since])).toEqual([['vip', 'alert', t(9)], ['orders', 'alert', t(5)]]);

    // Orders is back under its threshold.
    log = nextAlertLog(log, [{ id: 'vip', name: 'VIP', alerts: [{ ...vipWait, level: 'alert', value: 700, threshold: 600 }] }, { id: 'orders', name: 'Orders', alerts: [] }], t(12));
    expect(log).toEqual([{ queueId: 'vip', queueName: 'VIP', figure: 'longestWaitSeconds', level: 'alert', value: 700, threshold: 600, since: t(9) }]);
  });

  it('colours a figure by the worst level any queue reached', () => {
    const levels = levelsByFigure([
      { id: 'a', name: 'A', alerts: [{ figure: 'inQueue', level: 'warn', value: 5, threshold: 5 }] },
      { id: 'b', name: 'B', alerts: [{ figure: 'inQueue', level: 'alert', value: 12, threshold: 12 }, { figure: 'serviceLevel', level: 'warn', value: 0.7, threshold: 0.8 }] },
      { id: 'c', name: 'C', alerts: [{ figure: 'inQueue', level: 'warn', value: 6, threshold: 5 }] },
    ]);
    expect(levels).toEqual({ inQueue: 'alert', serviceLevel: 'warn' });
  });
});

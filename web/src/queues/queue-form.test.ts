import { describe, expect, it } from 'vitest';
import type { QueueConfig } from '../api.ts';
import { bodyOf, formOf, parseNumber } from './queue-form.ts';

const vip: QueueConfig = {
  id: 'vip',
  name: 'VIP customers',
  priority: 1,
  assignment: 'highest-capacity',
  skillMatch: 'exact',
  serviceLevelSeconds: 10,
  serviceLevelTarget: 0.9,
  channels: ['voice', 'chat'],
  keepSameAgent: true,
  channelUnits: {},
  sentimentAlert: null,
  thresholds: { longestWaitSeconds: { warn: 30, alert: 90 }, serviceLevel: { warn: 0.85, alert: 0.07 }, custom: { warn: 1 } },
  agents: [{ id: 'a1', name: 'Anna' }],
};

describe('the queue threshold editor', () => {
  it('shows seconds and counts as they are, shares as percentages', () => {
    const form = formOf(vip);
    expect(form.serviceLevelSeconds).toBe('10');
    expect(form.serviceLevelTarget).toBe('90');
    expect(form.thresholds.longestWaitSeconds).toEqual({ warn: '30', alert: '90' });
    expect(form.thresholds.serviceLevel).toEqual({ warn: '85', alert: '7' });
    expect(form.thresholds.inQueue).toEqual({ warn: '', alert: '' });
  });

  it('an unchanged form gives back the configuration as it was, without id, members or a null level', () => {
    const result = bodyOf(vip, formOf(vip));
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'VIP customers',
        priority: 1,
        assignment: 'highest-capacity',
        skillMatch: 'exact',
        serviceLevelSeconds: 10,
        serviceLevelTarget: 0.9,
        channels: ['voice', 'chat'],
        keepSameAgent: true,
        channelUnits: {},
        thresholds: vip.thresholds,
      },
    });
  });

  it('applies the edits: a new level, a cleared figure, a target in percent, a decimal comma', () => {
    const form = formOf(vip);
    form.serviceLevelTarget = '80';
    form.serviceLevelSeconds = '12,5';
    form.thresholds.inQueue = { warn: '2', alert: '' };
    form.thresholds.longestWaitSeconds = { warn: '', alert: '' };
    form.thresholds.abandonedRate = { warn: '5', alert: '10' };
    const result = bodyOf(vip, form);
    if (!result.ok) throw new Error(result.field);
    expect(result.body.serviceLevelSeconds).toBe(12.5);
    expect(result.body.serviceLevelTarget).toBe(0.8);
    expect(result.body.thresholds).toEqual({
      serviceLevel: { warn: 0.85, alert: 0.07 },
      custom: { warn: 1 },
      inQueue: { warn: 2 },
      abandonedRate: { warn: 0.05, alert: 0.1 },
    });
  });

  it('keeps a queue’s sentiment alert level', () => {
    const result = bodyOf({ ...vip, sentimentAlert: 'negative' }, formOf(vip));
    expect(result.ok && result.body.sentimentAlert).toBe('negative');
  });

  it('names the field at fault', () => {
    const check = (change: (form: ReturnType<typeof formOf>) => void) => {
      const form = formOf(vip);
      change(form);
      const result = bodyOf(vip, form);
      return result.ok ? null : { field: result.field, problem: result.problem };
    };
    expect(check((form) => (form.serviceLevelSeconds = '0'))).toEqual({ field: 'serviceLevelSeconds', problem: 'positive' });
    expect(check((form) => (form.serviceLevelSeconds = ''))).toEqual({ field: 'serviceLevelSeconds', problem: 'number' });
    expect(check((form) => (form.serviceLevelTarget = '120'))).toEqual({ field: 'serviceLevelTarget', problem: 'percent' });
    expect(check((form) => (form.thresholds.inQueue.alert = 'many'))).toEqual({ field: 'thresholds.inQueue.alert', problem: 'number' });
    expect(check((form) => (form.thresholds.abandonedRate.warn = '150'))).toEqual({ field: 'thresholds.abandonedRate.warn', problem: 'percent' });
  });

  it('reads numbers in English and Dutch notation only', () => {
    expect(parseNumber(' 12.5 ')).toBe(12.5);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e3')).toBeNaN();
    expect(parseNumber('12 s')).toBeNaN();
  });
});

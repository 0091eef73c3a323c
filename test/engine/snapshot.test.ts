/** Snapshots across versions: a snapshot from before the queues report still restores. */
import { describe, expect, it } from 'vitest';
import type { QueuesReport } from '../../src/domain/queues-report.js';
import { Engine } from '../../src/engine/engine.js';
import { exportSnapshot, importSnapshot } from '../../src/engine/snapshot.js';
import { defaultAnalyzerForTests } from './analyzer.js';

const at = '2025-01-06T09:00:00.000Z';

describe('engine snapshots', () => {
  it('queues from a snapshot without serviceLevelTarget and thresholds get the defaults', () => {
    const source = new Engine({ analyzer: defaultAnalyzerForTests });
    source.apply({ id: 'q', type: 'queue.upserted', at, queueId: 'q1', name: 'Support' });
    source.apply({ id: 'c', type: 'conversation.created', at, conversationId: 'c1', channel: 'chat', queueId: 'q1' });
    const snapshot = exportSnapshot(source);
    const { serviceLevelTarget: _target, thresholds: _thresholds, ...before } = snapshot.queues[0]!;
    const restored = new Engine({ analyzer: defaultAnalyzerForTests });
    importSnapshot(restored, { ...snapshot, queues: [before] });
    expect(restored.state.queues.get('q1')).toMatchObject({ serviceLevelTarget: 0.8, thresholds: {} });
    const query = { at: Date.parse(at), atIso: at, window: 'last24h' as const, includeOpen: false, filters: {} };
    expect((restored.report('queues', query) as QueuesReport).queues[0]).toMatchObject({ id: 'q1', inQueue: 1, alerts: [] });
  });
});

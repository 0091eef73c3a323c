/**
 * Child process of the crash test: appends batches to the store at argv[2] until killed,
 * printing `ack <id> <id> ...` for every batch after its append resolved.
 * Usage: node --import tsx test/store/crash-writer.ts <dir> <run-name>
 */
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import type { AppendRequest } from '../../src/store/event-store.ts';

const [dir, run = 'run'] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: crash-writer.ts <dir> [run-name]');

const BATCH_SIZE = 200;
const CONCURRENT_BATCHES = 4;
const padding = 'x'.repeat(200);

function batch(n: number): AppendRequest[] {
  const name = `${run}-b${n}`;
  return Array.from({ length: BATCH_SIZE }, (_, i) => ({
    event: {
      id: `${name}-${i}`,
      type: 'conversation.message',
      at: '2025-03-01T09:00:00Z',
      conversationId: `conv-${(n + i) % 13}`,
      batch: name,
      batchSize: BATCH_SIZE,
      text: padding,
    },
  }));
}

const store = await SqliteEventStore.open(dir);
process.stdout.write('ready\n');
for (let n = 0; ; n += CONCURRENT_BATCHES) {
  await Promise.all(
    Array.from({ length: CONCURRENT_BATCHES }, async (_, k) => {
      const requests = batch(n + k);
      const outcomes = await store.append(requests);
      if (outcomes.some((o) => o.status !== 'appended')) throw new Error(`unexpected ${JSON.stringify(outcomes)}`);
      process.stdout.write(`ack ${requests.map((r) => r.event.id).join(' ')}\n`);
    }),
  );
}

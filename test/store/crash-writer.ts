/**
 * Child process of the crash test: appends batches to the store at argv[2] until killed,
 * printing `ack <id> <id> ...` for every batch after its append resolved. With a third
 * argument `snapshots` it also saves snapshots one after the other meanwhile (chunks that
 * name their seq, part and count: `snapshotChunk`), printing `snapshot <seq>` after each.
 * Usage: node --import tsx test/store/crash-writer.ts <dir> <run-name> [snapshots]
 */
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import type { AppendRequest } from '../../src/store/event-store.ts';

const [dir, run = 'run', mode] = process.argv.slice(2);
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

/** Part `part` of `parts` of the snapshot at `seq`: about 64 KB that say what they are. */
function snapshotChunk(seq: number, part: number, parts: number): Buffer {
  return Buffer.from(`${seq}:${part}:${parts}:`.padEnd(64_000, 'z'));
}

const store = await SqliteEventStore.open(dir);
process.stdout.write('ready\n');
if (mode === 'snapshots') {
  void (async () => {
    for (;;) {
      const seq = await store.lastSeq();
      const parts = 20 + (seq % 7);
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let part = 0; part < parts; part += 1) {
          yield snapshotChunk(seq, part, parts);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      await store.saveSnapshot(seq, chunks());
      process.stdout.write(`snapshot ${seq}\n`);
    }
  })();
}
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

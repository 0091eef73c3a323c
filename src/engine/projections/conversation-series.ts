/**
 * The conversations series of src/domain/series.ts (issue #10 item 4), from the summary's
 * creation buckets: a quarter hour is the sum of its fifteen minute buckets, cell by cell
 * for the channel, and the conversations of the window's partial minutes one by one; no
 * scan of all conversations. Must equal `recomputeSeries` (test/engine/projections.property.test.ts).
 */
import { CHANNELS } from '../../domain/events.js';
import {
  bucketRange,
  type ConversationSeries,
  type SeriesBucket,
  seriesBucketStarts,
  seriesJson,
} from '../../domain/series.js';
import { TOTAL_INDEX } from '../../domain/totals.js';
import { type ReportQuery, toIso, windowBounds } from '../../domain/window.js';
import type { SummaryBuckets } from './summary-buckets.js';

const SERIES_FIELDS = [TOTAL_INDEX.conversations, TOTAL_INDEX.answered, TOTAL_INDEX.abandoned];

/** The quarter hour starting at `start` (one of the window's `seriesBucketStarts`). */
export function seriesBucket(buckets: SummaryBuckets, query: ReportQuery, start: number): SeriesBucket {
  const [from, to] = bucketRange(start, windowBounds(query));
  const sums = buckets.createdByChannel(query, from, to, SERIES_FIELDS);
  const channels: SeriesBucket['channels'] = {};
  // In CHANNELS order, so that the same figures always give the same JSON (the live diff).
  for (const channel of CHANNELS) {
    const sum = sums.get(channel);
    if (!sum || sum[TOTAL_INDEX.conversations] === 0) continue;
    channels[channel] = { created: sum[TOTAL_INDEX.conversations]!, answered: sum[TOTAL_INDEX.answered]!, abandoned: sum[TOTAL_INDEX.abandoned]! };
  }
  return { from: toIso(start), channels };
}

/** The whole series of the query's window. */
export function conversationSeries(buckets: SummaryBuckets, query: ReportQuery): ConversationSeries {
  return seriesJson(query, seriesBucketStarts(windowBounds(query)).map((start) => seriesBucket(buckets, query, start)));
}

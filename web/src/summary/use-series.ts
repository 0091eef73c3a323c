/** The live conversations series (docs/live-feed.md "Series") for these filters; null until its snapshot. */
import { useEffect, useState } from 'react';
import type { ConversationSeries } from '../../../src/domain/series.ts';
import { useFeed } from '../live/hooks.ts';
import { applySeriesPatch, type SeriesPatch } from './series-chart.ts';

export function useLiveSeries(filters: object): ConversationSeries | null {
  const feed = useFeed();
  const [series, setSeries] = useState<ConversationSeries | null>(null);
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    const id = 'series-conversations';
    setSeries(null);
    feed.send(id, { type: 'series', id, filters: JSON.parse(filtersKey) }, (message) => {
      if (message.type === 'snapshot') setSeries(message.data as unknown as ConversationSeries);
      else if (message.type === 'patch') setSeries((current) => (current ? applySeriesPatch(current, message as unknown as SeriesPatch) : current));
    });
    return () => feed.stop(id);
  }, [feed, filtersKey]);
  return series;
}

/** The view state kept in the address bar: read on load and on back/forward, written on every change. */
import { useCallback, useEffect, useState } from 'react';
import { formatView, parseView, type ViewState } from './view-state.ts';

export function useView(): [ViewState, (change: (view: ViewState) => ViewState) => void] {
  const [view, setView] = useState(() => parseView(window.location.search));
  useEffect(() => {
    const onPop = () => setView(parseView(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((change: (view: ViewState) => ViewState) => {
    setView((current) => {
      const next = change(current);
      const query = formatView(next);
      if (query !== window.location.search) window.history.pushState(null, '', `${window.location.pathname}${query}`);
      return next;
    });
  }, []);
  return [view, update];
}

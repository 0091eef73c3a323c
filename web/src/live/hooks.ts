/**
 * React's view of the live feed: the connection status, a live report kept current by
 * snapshots and patches, a viewport of the ongoing list (with pause), and a ticking clock.
 */
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ViewportAnswer, ViewportSort } from '../../../src/server/live/viewport.ts';
import { type FeedMessage, type FeedStatus, LiveFeed } from './feed.ts';
import { applyPatch, type LiveReportValue, type Patch, POINTER_HOLD_MS, waitsForPointer } from './report-state.ts';

export const FeedContext = createContext<LiveFeed | null>(null);

export function useFeed(): LiveFeed {
  const feed = useContext(FeedContext);
  if (!feed) throw new Error('useFeed outside FeedContext');
  return feed;
}

export function useFeedStatus(): FeedStatus {
  const feed = useFeed();
  return useSyncExternalStore(
    (onChange) => feed.onStatus(onChange),
    () => feed.getStatus(),
  );
}

/** The server's time, ticking every second (the browser ticks the clocks). */
export function useNow(): number {
  const feed = useFeed();
  const [now, setNow] = useState(() => feed.clock.now(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setNow(feed.clock.now(Date.now())), 1000);
    return () => clearInterval(timer);
  }, [feed]);
  return now;
}

const ROWS_KEY: Record<string, string | null> = { ongoing: 'conversations', agents: 'agents', queues: 'queues', summary: null, voice: null };

/** A live report (`summary`, `voice`, `agents`, `ongoing`, `queues`) for these filters; null until its snapshot. */
export function useLiveReport<Report extends LiveReportValue>(kind: string, filters: object): Report | null {
  const feed = useFeed();
  const [report, setReport] = useState<Report | null>(null);
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    const id = `report-${kind}`;
    setReport(null);
    feed.send(id, { type: 'subscribe', id, report: kind, filters: JSON.parse(filtersKey) }, (message: FeedMessage) => {
      if (message.type === 'snapshot') setReport(message.data as Report);
      else if (message.type === 'patch') setReport((current) => (current ? applyPatch(current, message as unknown as Patch, ROWS_KEY[kind] ?? null) : current));
    });
    return () => feed.stop(id);
  }, [feed, kind, filtersKey]);
  return report;
}

export interface ViewportRequest {
  filters: object;
  sort: ViewportSort;
  search: string;
  range: { from: number; count: number };
}

export interface ViewportView {
  answer: ViewportAnswer | null;
  /** Updates received while paused, not shown yet. */
  waiting: number;
}

/**
 * The rows of a viewport. Answers to the console's own requests (scroll, sort, search,
 * filters) always show. Pushed updates wait — and are counted — while `isPaused`, or while
 * they would move the row under the pointer (`heldRowId`), for at most `POINTER_HOLD_MS`;
 * they show once neither holds.
 */
export function useViewport(id: string, request: ViewportRequest, isPaused: boolean, heldRowId: string | null = null): ViewportView {
  const feed = useFeed();
  const [answer, setAnswer] = useState<ViewportAnswer | null>(null);
  const [waiting, setWaiting] = useState(0);
  const shown = useRef<ViewportAnswer | null>(null);
  const pending = useRef<ViewportAnswer | null>(null);
  const holds = useRef({ isPaused, heldRowId });
  const awaitsAnswer = useRef(false);
  /** Since when an update waits for the pointer, and the timer that lets it show then. */
  const pointerWait = useRef<{ since: number; timer: ReturnType<typeof setTimeout> } | null>(null);
  const requestKey = JSON.stringify(request);

  const show = (rows: ViewportAnswer) => {
    shown.current = rows;
    pending.current = null;
    if (pointerWait.current) clearTimeout(pointerWait.current.timer);
    pointerWait.current = null;
    setAnswer(rows);
    setWaiting(0);
  };
  const mustHold = (rows: ViewportAnswer) => {
    const { isPaused: paused, heldRowId: held } = holds.current;
    return paused || waitsForPointer(shown.current, rows, held, pointerWait.current?.since ?? null, Date.now());
  };
  const showWhenFree = () => {
    const rows = pending.current;
    if (!rows) return;
    if (!mustHold(rows)) show(rows);
    else if (!holds.current.isPaused) waitForPointer();
  };
  // The pointer's hold is counted only while not paused: a pause holds as long as it lasts.
  const waitForPointer = () => {
    pointerWait.current ??= { since: Date.now(), timer: setTimeout(showWhenFree, POINTER_HOLD_MS) };
  };
  const hold = (rows: ViewportAnswer) => {
    pending.current = rows;
    setWaiting((n) => n + 1);
    if (!holds.current.isPaused) waitForPointer();
  };

  useEffect(() => {
    holds.current = { isPaused, heldRowId };
    showWhenFree();
  }, [isPaused, heldRowId]);
  useEffect(() => () => clearTimeout(pointerWait.current?.timer), []);

  useEffect(() => {
    awaitsAnswer.current = true;
    feed.send(id, { type: 'viewport', id, ...(JSON.parse(requestKey) as ViewportRequest) }, (message) => {
      if (message.type !== 'rows') return;
      const rows = message as unknown as ViewportAnswer;
      if (!awaitsAnswer.current && mustHold(rows)) {
        hold(rows);
        return;
      }
      awaitsAnswer.current = false;
      show(rows);
    });
  }, [feed, id, requestKey]);

  // A new request with the same id replaces the viewport on the server: stop it only when leaving.
  useEffect(() => () => feed.stop(id), [feed, id]);

  return { answer, waiting };
}

/**
 * One conversation as the feed keeps it current (docs/live-feed.md "Conversation"): the view
 * of `GET /conversations/{id}`, sent again whenever the conversation changes.
 */
export function useLiveConversation<Conversation>(conversationId: string): { conversation: Conversation | null; error: { code: string; message: string } | null } {
  const feed = useFeed();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => {
    const id = `conversation-${conversationId}`;
    feed.send(id, { type: 'conversation', id, conversationId }, (message) => {
      if (message.type === 'conversation') setConversation(message.data as Conversation);
      else if (message.type === 'error') setError(message.error as { code: string; message: string });
    });
    return () => feed.stop(id);
  }, [feed, conversationId]);
  return { conversation, error };
}

/**
 * `GET /api/v1/live` (SPEC §9 WebSocket): the live feed as a Fastify plugin. The session
 * cookie of the upgrade request names the user; the protocol is in docs/live-feed.md and
 * the subscriptions live in `LiveHub`.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import type { EventPipeline } from '../../engine/pipeline.js';
import { type ConversationView, LiveHub, type LiveLimits, type LiveUser } from './hub.js';

export interface LivePluginOptions {
  pipeline: Pick<EventPipeline, 'engine' | 'onApplied'>;
  authenticate: (cookieHeader: string | undefined) => LiveUser | null | Promise<LiveUser | null>;
  /** Route path; `/api/v1/live` by default (or `/` under a prefix). */
  path?: string;
  /** Told the number of open connections whenever it changes (for `/metrics`). */
  onClientCount?: (n: number) => void;
  limits?: Partial<LiveLimits>;
  /** Gives the hub after start (tests, `/metrics`). */
  onHub?: (hub: LiveHub) => void;
  /** The clock, epoch ms. */
  now?: () => number;
  /** Serves `conversation` watches (the monitor panel); without it they are refused. */
  conversationView?: ConversationView;
}

/** Close code for a connection without a valid session (4000 + HTTP 401). */
export const CLOSE_UNAUTHORIZED = 4401;
const MAX_MESSAGE_BYTES = 64 * 1024;

export const livePlugin: FastifyPluginAsync<LivePluginOptions> = async (fastify, options) => {
  if (!fastify.hasDecorator('websocketServer')) {
    await fastify.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  }
  const hub = new LiveHub(options.pipeline.engine, options.limits, options.now, options.conversationView);
  const stopListening = options.pipeline.onApplied((events) => hub.markDirty(events));
  options.onHub?.(hub);
  let connections = 0;
  const countChanged = (delta: number) => {
    connections += delta;
    options.onClientCount?.(connections);
  };
  fastify.addHook('onClose', async () => {
    stopListening();
    hub.close();
  });

  fastify.get(options.path ?? '/api/v1/live', { websocket: true }, (socket: WebSocket, request) => {
    countChanged(1);
    // Frames may arrive while the session is checked: hold them until it is known.
    const pending: string[] = [];
    let client: ReturnType<LiveHub['connect']> | null = null;
    let isClosed = false;
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (client) hub.receive(client, text);
      else pending.push(text);
    });
    socket.on('close', () => {
      isClosed = true;
      countChanged(-1);
      if (client) hub.disconnect(client);
    });
    socket.on('error', (error) => request.log.debug({ err: error }, 'live socket error'));

    Promise.resolve()
      .then(() => options.authenticate(request.headers.cookie))
      .catch((error: unknown) => {
        request.log.error({ err: error }, 'live feed: authentication failed');
        return null;
      })
      .then((user) => {
        if (isClosed) return;
        if (!user) {
          const error = { code: 'unauthorized', message: 'no valid session: log in first' };
          socket.send(JSON.stringify({ type: 'error', error }));
          socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
          return;
        }
        const connected = hub.connect(socket, user);
        client = connected;
        for (const text of pending.splice(0)) hub.receive(connected, text);
      });
  });
};

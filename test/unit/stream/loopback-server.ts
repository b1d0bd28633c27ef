/**
 * Small real HTTP servers on 127.0.0.1 (port 0) for stream client tests, and helpers to wait for
 * a client's events. Every wait is bounded so a broken client fails the test instead of hanging.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after } from 'node:test';
import type { Socket } from 'node:net';
import type { StreamClient, StreamEvent, StreamEventType } from '../../../src/stream/types.js';
import type { RawStreamMessage } from '../../../src/messages/types.js';

/** One request the server received, with its body. */
export interface ReceivedStreamRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A running server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` + the path given. */
  url(path?: string): string;
  readonly requests: ReceivedStreamRequest[];
  /** Resets every open connection (RST). */
  resetAll(): void;
  close(): Promise<void>;
}

/** Handles the `index`-th request (0-based). */
export type StreamHandler = (
  request: ReceivedStreamRequest,
  response: ServerResponse,
  index: number,
) => void;

/** Starts a server whose handler gets each request with its body already read. */
export async function startLoopbackServer(handler: StreamHandler): Promise<LoopbackServer> {
  const requests: ReceivedStreamRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedStreamRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      handler(received, response, requests.length - 1);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: (path = '/1.1/statuses/sample.json') => `http://127.0.0.1:${address.port}${path}`,
    requests,
    resetAll: () => {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/**
 * Returns a `serve(handler)` that starts a server and closes it after this test file (it
 * registers a node:test `after` hook, so call it at the top level of the file).
 */
export function loopbackServers(): (handler: StreamHandler) => Promise<LoopbackServer> {
  const servers: LoopbackServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  };
}

/** Starts a 200 response that stays open. */
export function beginStream(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.flushHeaders();
}

/** Resolves with the next event of a type (bounded: rejects after `timeoutMs` of real time). */
export function nextEvent<T extends StreamEventType>(
  client: StreamClient | StreamClient<RawStreamMessage>,
  type: T,
  timeoutMs = 5000,
): Promise<Extract<StreamEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(type, (event) => {
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Takes `count` messages from the client (bounded in real time). */
export async function take<M>(
  iterator: AsyncIterator<M>,
  count: number,
  timeoutMs = 5000,
): Promise<M[]> {
  const messages: M[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count) {
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(new Error(`took ${messages.length} of ${count} messages in ${timeoutMs} ms`));
        },
        Math.max(0, remaining),
      );
    });
    try {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done === true)
        throw new Error(`the stream ended after ${messages.length} messages`);
      messages.push(result.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return messages;
}

/** Records every event of a client, in order. */
export function recordEvents(
  client: StreamClient | StreamClient<RawStreamMessage>,
  types: readonly StreamEventType[],
): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const type of types) client.on(type, (event) => events.push(event));
  return events;
}

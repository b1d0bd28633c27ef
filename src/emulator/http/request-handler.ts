/**
 * Dispatches each request of the emulator's one origin to its route, answering unknown paths as
 * the service did (404, code 34), keeping `/_emulator/` to loopback clients, and stamping every
 * response with a `Date` from the emulator's clock.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { pageDoesNotExistResponse, type CannedResponse } from './canned-response.js';
import { readExchange, sendCanned } from './exchange.js';
import { routeMatches, type Route } from './route.js';

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  readonly routes: readonly Route[];
  readonly scheme: 'http' | 'https';
  readonly now: () => number;
  /** One line per request: method, path (never the query, which may carry OAuth parameters), status. */
  readonly log?: ((line: string) => void) | undefined;
}

const internalError: CannedResponse = {
  status: 500,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ errors: [{ code: 131, message: 'Internal error' }] }),
};

const adminForbidden: CannedResponse = {
  status: 403,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ error: '/_emulator/ answers loopback clients only' }),
};

const adminPrefix = '/_emulator/';

/**
 * An admin request no route takes: 405 with `Allow` when the path exists with other methods,
 * else 404 listing the admin endpoints (not the service's code-34 page: the user is scripting the
 * emulator, and needs to know what to call instead).
 */
function adminMiss(routes: readonly Route[], method: string, path: string): CannedResponse {
  const allowed = routes
    .filter((candidate) => routeMatches(candidate, path))
    .flatMap((candidate) => candidate.methods);
  if (allowed.length > 0) {
    return {
      status: 405,
      contentType: 'application/json; charset=utf-8',
      headers: { allow: allowed.join(', '), 'cache-control': 'no-store' },
      body: JSON.stringify({
        error: `${method} ${path} is not supported; use ${allowed.join(' or ')}`,
      }),
    };
  }
  const endpoints = routes
    .filter((candidate) => candidate.loopbackOnly === true)
    .map((candidate) => {
      const shown =
        typeof candidate.path === 'string' ? candidate.path : '/_emulator/connections/ID/faults';
      return `${candidate.methods.join('|')} ${shown}`;
    });
  return {
    status: 404,
    contentType: 'application/json; charset=utf-8',
    headers: { 'cache-control': 'no-store' },
    body: JSON.stringify({
      error: `no admin endpoint ${path}; the admin endpoints are ${endpoints.join(', ')}`,
    }),
  };
}

/** Builds the server's `request` listener. */
export function createRequestHandler(
  options: RequestHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { routes, scheme, now, log } = options;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.sendDate = false;
    const exchange = await readExchange(request, response, scheme, now);
    if (!('request' in exchange)) {
      sendCanned(response, exchange, now());
      return;
    }
    const path = exchange.url.pathname;
    const route = routes.find(
      (candidate) => routeMatches(candidate, path) && candidate.methods.includes(exchange.method),
    );
    let answer: CannedResponse | undefined;
    const admin = path === adminPrefix.slice(0, -1) || path.startsWith(adminPrefix);
    if (admin && !isLoopback(request.socket.remoteAddress)) {
      answer = adminForbidden;
    } else if (route === undefined) {
      answer = admin ? adminMiss(routes, exchange.method, path) : pageDoesNotExistResponse();
    } else {
      answer = await route.handle(exchange);
    }
    if (answer) sendCanned(response, answer, now());
    log?.(`${exchange.method} ${path} ${answer?.status ?? response.statusCode}`);
  };
  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      log?.(
        `${request.method ?? ''} ${(request.url ?? '').split('?')[0] ?? ''} failed: ${(error as Error).message}`,
      );
      sendCanned(response, internalError, now());
    });
  };
}

/** Whether an address is a loopback one (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined || isIP(address) === 0) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

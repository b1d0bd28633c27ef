/**
 * The one-shot loopback server of `spritzer authorize --loopback`: it listens on 127.0.0.1 and
 * an ephemeral port, receives the provider's redirect to the callback (RFC 5849 §2.2), checks
 * that its `oauth_token` is the one this client asked for, answers the browser with a page
 * saying it is done, and closes.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3 (loopback redirects, applied here to
 *   OAuth 1.0a: bind the loopback address, not "localhost", on a port chosen at run time)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpritzerError } from '../errors.js';
import { processAuthorizationCallback } from '../oauth1/flow/authorization-url.js';

/** The path the provider redirects to. */
export const callbackPath = '/callback';

/** A listening loopback server waiting for one authorization callback. */
export interface LoopbackCallback {
  /** The `oauth_callback` to send in the temporary-credentials request. */
  readonly callbackUrl: string;
  /**
   * Resolves with the verifier once the provider redirects back with the expected token.
   * Callbacks for another token are answered with an error page and ignored.
   *
   * @param token - the temporary credentials' `oauth_token`
   * @throws SpritzerError `ERR_OAUTH_AUTHORIZATION_DENIED` when the user denied,
   *   `ERR_OAUTH_VERIFIER_INVALID` when the callback has no verifier,
   *   `ERR_AUTHORIZATION_TIMEOUT` after the timeout, `ERR_USAGE` when aborted
   */
  waitForVerifier(token: string): Promise<string>;
  /** Stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link startLoopbackCallback}. */
export interface LoopbackCallbackOptions {
  /** Aborts the wait (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Gives up after this long. @default 300000 ms (5 minutes) */
  readonly timeoutMs?: number;
}

/** Starts the loopback server on 127.0.0.1 and a port the system chooses. */
export async function startLoopbackCallback(
  options: LoopbackCallbackOptions = {},
): Promise<LoopbackCallback> {
  let expectedToken: string | undefined;
  let settle: { resolve: (verifier: string) => void; reject: (error: Error) => void } | undefined;
  const server = createServer((request, response) => {
    handle(request, response);
  });
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', callbackUrl);
    // Only the exact loopback origin: a page elsewhere rebinding a DNS name to 127.0.0.1 sends
    // another Host header.
    if (request.headers.host !== new URL(callbackUrl).host) {
      answer(response, 421, 'Wrong host', 'This server only answers its own loopback address.');
      return;
    }
    if (request.method !== 'GET' || url.pathname !== callbackPath) {
      answer(response, 404, 'Not found', 'spritzer is waiting for the authorization callback.');
      return;
    }
    if (expectedToken === undefined || settle === undefined) {
      answer(response, 409, 'Not ready', 'spritzer is not waiting for a callback yet.');
      return;
    }
    try {
      const { verifier } = processAuthorizationCallback(url, expectedToken);
      answer(
        response,
        200,
        'spritzer is authorized',
        'You can close this tab and return to the terminal.',
      );
      settle.resolve(verifier);
    } catch (error) {
      const code = (error as SpritzerError).code;
      if (code === 'ERR_OAUTH_TOKEN_INVALID') {
        // A stale tab from an earlier attempt: say so, and keep waiting for the right one.
        answer(
          response,
          400,
          'Not this authorization',
          'This callback is for another authorization request than the one spritzer is waiting for. Use the link spritzer printed last.',
        );
        return;
      }
      answer(
        response,
        code === 'ERR_OAUTH_AUTHORIZATION_DENIED' ? 200 : 400,
        code === 'ERR_OAUTH_AUTHORIZATION_DENIED' ? 'Authorization denied' : 'Authorization failed',
        code === 'ERR_OAUTH_AUTHORIZATION_DENIED'
          ? 'You denied spritzer access. You can close this tab.'
          : 'The provider sent no verifier. See the terminal.',
      );
      settle.reject(error as Error);
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const callbackUrl = `http://127.0.0.1:${port}${callbackPath}`;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    callbackUrl,
    close,
    waitForVerifier: (token: string) => {
      expectedToken = token;
      return new Promise<string>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? 300_000;
        const finish = (): void => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          settle = undefined;
        };
        const onAbort = (): void => {
          finish();
          reject(new SpritzerError('ERR_USAGE', 'authorization interrupted; nothing was saved'));
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new SpritzerError(
              'ERR_AUTHORIZATION_TIMEOUT',
              `no authorization callback within ${Math.round(timeoutMs / 1000)} s; run \`spritzer authorize --loopback\` again and approve in the browser`,
            ),
          );
        }, timeoutMs);
        settle = {
          resolve: (verifier) => {
            finish();
            resolve(verifier);
          },
          reject: (error) => {
            finish();
            reject(error);
          },
        };
        if (options.signal?.aborted === true) onAbort();
        else options.signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

function answer(response: ServerResponse, status: number, title: string, text: string): void {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;background:#000;color:#3f3;display:grid;place-items:center;height:100vh;margin:0}main{max-width:32rem;text-align:center}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>
`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(page),
    'cache-control': 'no-store',
    // The page holds nothing to leak, but the URL that led here holds the verifier.
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(page);
}

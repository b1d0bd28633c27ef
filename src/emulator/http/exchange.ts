/**
 * One request/response exchange: the request's absolute URL as the client addressed it, its
 * form body, and the helpers that answer it with a `Date` header from the emulator's clock
 * ("We return the current time in the 'Date' HTTP header with every request",
 * twittercommunity "Troubleshooting OAuth 1.0A").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CannedResponse } from './canned-response.js';

/** A request with its body read. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly method: string;
  /** The URL as the client addressed it: scheme, Host header, path and query. */
  readonly url: URL;
  /** The raw `application/x-www-form-urlencoded` body, when there is one. */
  readonly form: string | undefined;
  /** The body's bytes, whatever its type (empty without one). */
  readonly body: Buffer;
  /** Query and form parameters together, query first. */
  readonly parameters: URLSearchParams;
  /** The emulator's clock, ms. */
  readonly now: () => number;
}

/** Bodies larger than this are refused with 413. */
const maxBodyBytes = 1024 * 1024;

/**
 * Reads the request's body (form bodies only; others are drained and ignored).
 *
 * @returns the exchange, or a 413 response when the body is too large
 */
export async function readExchange(
  request: IncomingMessage,
  response: ServerResponse,
  scheme: 'http' | 'https',
  now: () => number,
): Promise<Exchange | CannedResponse> {
  const host = request.headers.host ?? 'localhost';
  const url = new URL(request.url ?? '/', `${scheme}://${host}`);
  const method = (request.method ?? 'GET').toUpperCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      return {
        status: 413,
        contentType: 'text/plain;charset=utf-8',
        body: 'Request Entity Too Large\r\n',
        closeConnection: true,
      };
    }
    chunks.push(chunk);
  }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const body = Buffer.concat(chunks);
  const form =
    contentType === 'application/x-www-form-urlencoded' ? body.toString('utf8') : undefined;
  const parameters = new URLSearchParams(url.search);
  if (form !== undefined) {
    for (const [name, value] of new URLSearchParams(form)) parameters.append(name, value);
  }
  return { request, response, method, url, form, body, parameters, now };
}

/** The `Date` header value for a clock reading (RFC 9110 §5.6.7 IMF-fixdate). */
export function httpDate(nowMs: number): string {
  return new Date(nowMs).toUTCString();
}

/** Sends a complete response with the emulator's `Date`. */
export function sendCanned(response: ServerResponse, canned: CannedResponse, nowMs: number): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = Buffer.from(canned.body, 'utf8');
  response.statusCode = canned.status;
  if (canned.statusMessage !== undefined) response.statusMessage = canned.statusMessage;
  response.setHeader('date', httpDate(nowMs));
  if (canned.contentType !== undefined) response.setHeader('content-type', canned.contentType);
  for (const [name, value] of Object.entries(canned.headers ?? {})) response.setHeader(name, value);
  response.setHeader('content-length', body.length);
  if (canned.closeConnection === true) response.setHeader('connection', 'close');
  response.end(body);
}

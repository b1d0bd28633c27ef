/**
 * A small, independent HTTP client for the emulator's tests: signed requests over real loopback
 * sockets (node:http/https), and a stream reader that keeps every raw byte it received.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { createGunzip, constants as zlibConstants } from 'node:zlib';
import { signRequest, type SignOptions } from '../../../../src/oauth1/index.js';
import type { RunningEmulator } from '../../../../src/emulator/index.js';

/** Which credentials sign a request. */
export interface Signer {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token?: string;
  readonly tokenSecret?: string;
}

/** The fixture app and the fixture user's pre-authorized token. */
export function fixtureSigner(emulator: RunningEmulator): Signer {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.fixtures;
  return { consumerKey, consumerSecret, token: accessToken, tokenSecret: accessTokenSecret };
}

export interface SendOptions {
  readonly method?: string;
  /** Form parameters, sent as an x-www-form-urlencoded body. */
  readonly form?: Record<string, string>;
  /** A raw body (set its content-type in `headers`). */
  readonly body?: string;
  readonly signer?: Signer;
  readonly sign?: SignOptions;
  readonly headers?: Record<string, string>;
  /** CA certificate for https. */
  readonly ca?: string;
}

export interface Reply {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request (signed when a signer is given) and reads the whole reply. */
export function send(url: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = openRequest(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? '',
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function openRequest(
  url: string,
  options: SendOptions,
  onResponse: (response: IncomingMessage) => void,
): ReturnType<typeof httpRequest> {
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  const form = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const body = form ?? options.body;
  const headers: Record<string, string> = { ...options.headers };
  if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (options.signer) {
    const signed = signRequest(
      { method, url, ...(form !== undefined && { form }) },
      options.signer,
      options.sign,
    );
    headers.authorization = signed.authorization;
  }
  const make = url.startsWith('https:') ? httpsRequest : httpRequest;
  const request = make(
    url,
    { method, headers, agent: false, ...(options.ca !== undefined && { ca: options.ca }) },
    onResponse,
  );
  request.end(body);
  return request;
}

/** An open stream and everything it has received so far. */
export class StreamReader {
  readonly response: IncomingMessage;
  /** The body's bytes as received (still compressed with gzip). */
  readonly raw: Buffer[] = [];
  /** The body's bytes after inflating (equal to `raw` without gzip). */
  readonly bytes: Buffer[] = [];
  ended = false;
  error: Error | undefined;
  /** The inflater's own error (gzip streams), apart from the connection's. */
  inflateError: Error | undefined;
  readonly #waiters = new Set<() => void>();
  /** Complete `\r\n`-terminated lines so far, split as the bytes arrive. */
  readonly #lines: Buffer[] = [];
  #partial: Buffer = Buffer.alloc(0);
  readonly #parsed: unknown[] = [];

  constructor(response: IncomingMessage) {
    this.response = response;
    const gzip = response.headers['content-encoding'] === 'gzip';
    const inflater = gzip
      ? createGunzip({ flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH })
      : undefined;
    const onBytes = (chunk: Buffer): void => {
      this.bytes.push(chunk);
      this.#split(chunk);
      this.#notify();
    };
    response.on('data', (chunk: Buffer) => {
      this.raw.push(chunk);
      if (inflater) inflater.write(chunk);
      else onBytes(chunk);
    });
    inflater?.on('data', onBytes);
    inflater?.on('error', (error) => {
      this.inflateError = error;
      this.#notify();
    });
    const finish = (error?: Error): void => {
      this.ended = true;
      this.error ??= error;
      this.#notify();
    };
    response.on('end', () => {
      finish();
    });
    response.on('error', finish);
    response.on('aborted', () => {
      finish(new Error('aborted'));
    });
    response.on('close', () => {
      finish();
    });
  }

  /** Everything received, as one buffer. */
  body(): Buffer {
    return Buffer.concat(this.bytes);
  }

  /** The complete `\r\n`-terminated lines received (keep-alives included as ''). */
  lines(): string[] {
    return this.#lines.map((line) => line.toString('utf8'));
  }

  /** How many complete lines arrived. */
  get lineCount(): number {
    return this.#lines.length;
  }

  /** The complete JSON messages received (blank keep-alives skipped), parsed once each. */
  messages(): unknown[] {
    const nonBlank = this.#lines.filter((line) => line.length > 0);
    for (let i = this.#parsed.length; i < nonBlank.length; i += 1) {
      this.#parsed.push(JSON.parse((nonBlank[i] as Buffer).toString('utf8')) as unknown);
    }
    return [...this.#parsed];
  }

  /** Resolves once `ready()` holds; rejects after `timeoutMs`. */
  async until(ready: () => boolean, timeoutMs = 10_000, what = 'the condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the stream has ended (or closed). */
  closed(timeoutMs = 10_000): Promise<void> {
    return this.until(() => this.ended, timeoutMs, 'the stream to end');
  }

  /** Stops reading. */
  destroy(): void {
    this.response.destroy();
  }

  #split(chunk: Buffer): void {
    let data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : chunk;
    for (;;) {
      const end = data.indexOf('\r\n');
      if (end === -1) break;
      this.#lines.push(data.subarray(0, end));
      data = data.subarray(end + 2);
    }
    this.#partial = Buffer.from(data);
  }

  #notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter();
  }
}

/**
 * Opens a stream; resolves with the reader once the response head arrived (any status: check
 * `reader.response.statusCode`).
 */
export function openStream(url: string, options: SendOptions = {}): Promise<StreamReader> {
  return new Promise((resolve, reject) => {
    const request = openRequest(url, options, (response) => {
      resolve(new StreamReader(response));
    });
    request.on('error', reject);
  });
}

/**
 * Splits a raw HTTP/1.1 response read from a socket into its head and its body, undoing the
 * chunked transfer coding (RFC 9112 §7.1); `complete` tells whether the terminating chunk came.
 */
export function parseRawResponse(raw: Buffer): { head: string; body: Buffer; complete: boolean } {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd === -1)
    return { head: raw.toString('latin1'), body: Buffer.alloc(0), complete: false };
  const head = raw.subarray(0, headEnd).toString('latin1');
  const chunks: Buffer[] = [];
  let offset = headEnd + 4;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd === -1) return { head, body: Buffer.concat(chunks), complete: false };
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1'), 16);
    if (size === 0) return { head, body: Buffer.concat(chunks), complete: true };
    const start = lineEnd + 2;
    chunks.push(raw.subarray(start, Math.min(start + size, raw.length)));
    if (start + size + 2 > raw.length)
      return { head, body: Buffer.concat(chunks), complete: false };
    offset = start + size + 2;
  }
}

/** A stream read from a raw socket: every byte exactly as sent, HTTP framing included. */
export interface RawStream {
  readonly received: Buffer[];
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>;
  readonly socket: Socket;
}

/** Sends a signed GET over a raw TCP socket and records everything that comes back. */
export function openRawStream(url: string, signer: Signer, headers = ''): RawStream {
  const { authorization } = signRequest({ method: 'GET', url }, signer);
  const { host, pathname, search, port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      resolve();
    });
  });
  socket.on('error', () => undefined);
  socket.write(
    `GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${authorization}\r\n${headers}\r\n`,
  );
  return { received, closed, socket };
}

/**
 * Opens the HTTP request of one stream connection, over node:http or node:https.
 *
 * TLS verification is always on: a local emulator's self-signed certificate is trusted by adding
 * its CA to Node's bundled roots, never by turning checks off (twurl sets VERIFY_NONE).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
import { request as httpRequest, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** Everything one connection attempt sends. */
export interface StreamRequest {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  /** The `application/x-www-form-urlencoded` body of a POST. */
  readonly form?: string | undefined;
  /** The `Authorization` header value (a secret: never logged). */
  readonly authorization: string;
  readonly userAgent: string;
  /** Ask for a compressed body. */
  readonly compression: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  readonly ca?: string | Buffer | undefined;
}

/**
 * Sends the request; the caller listens for `response` and `error` and owns its lifetime.
 * A fresh socket every time (`agent: false`): a stream holds its connection for hours.
 */
export function openStreamRequest(request: StreamRequest): ClientRequest {
  const headers: OutgoingHttpHeaders = {
    authorization: request.authorization,
    'user-agent': request.userAgent,
    // "Processing streaming data", gzip: ask with `Accept-Encoding: deflate, gzip`.
    'accept-encoding': request.compression ? 'deflate, gzip' : 'identity',
  };
  const body = request.method === 'POST' ? Buffer.from(request.form ?? '', 'utf8') : undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = body.length;
  }
  const options = { method: request.method, headers, agent: false } as const;
  const outgoing =
    request.url.protocol === 'https:'
      ? httpsRequest(request.url, {
          ...options,
          minVersion: 'TLSv1.2',
          ...(request.ca !== undefined && { ca: [...rootCertificates, request.ca] }),
        })
      : httpRequest(request.url, options);
  outgoing.end(body);
  return outgoing;
}

/**
 * How a stream request is authorized: OAuth 1.0a user context (the v1.1 public streams), HTTP
 * Basic (the enterprise streams), or a bearer token (v2 and app-only).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 *   ("Authentication")
 */
import { signRequest } from '../oauth1/index.js';
import type { Credentials, RequestToSign, SignOptions } from '../oauth1/types.js';

/** The credentials a stream connects with. */
export type StreamAuth =
  /** OAuth 1.0a: a fresh signature (nonce, timestamp) for every connection attempt. */
  | {
      readonly type: 'oauth1';
      readonly credentials: Credentials;
      readonly signOptions?: SignOptions;
    }
  /** HTTP Basic (RFC 7617). */
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  /** A bearer token (RFC 6750 §2.1). */
  | { readonly type: 'bearer'; readonly token: string };

/**
 * The `Authorization` header value for one request. It carries secrets: never log it.
 *
 * @param auth - the credentials
 * @param request - the request as it goes on the wire (its form body is signed for OAuth 1.0a)
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` from signing
 *   when the credentials are malformed
 */
export function authorizationFor(auth: StreamAuth, request: RequestToSign): string {
  switch (auth.type) {
    case 'oauth1':
      // RFC 5849 §3.5.1: the protocol parameters travel in the Authorization header.
      return signRequest(request, auth.credentials, auth.signOptions).authorization;
    case 'basic':
      // RFC 7617 §2: base64 of user-id ":" password, UTF-8 (§2.1 charset).
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${auth.token}`;
  }
}

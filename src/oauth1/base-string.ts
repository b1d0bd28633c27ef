/**
 * RFC 5849 §3.4.1.1 (the signature base string) and §3.4.1.2 (the base string URI).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { isToken } from './http-token.js';
import { percentEncode } from './percent-encode.js';

/**
 * Parses an absolute `http:`/`https:` URL the way it goes on the wire (WHATWG URL serialization,
 * as Node's `fetch`/`http` and browsers send it).
 *
 * @param url - the URL text or object
 * @param argumentName - named in the error
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE when it is not an absolute http(s) URL
 */
export function parseRequestUrl(url: unknown, argumentName: string): URL {
  let parsed: URL;
  if (url instanceof URL) {
    parsed = url;
  } else if (typeof url === 'string') {
    try {
      parsed = new URL(url);
    } catch {
      // Not quoted: a query may carry anything.
      throw invalidArgValue(
        argumentName,
        url.startsWith('/')
          ? "must be an absolute http: or https: URL, not a path (a server's req.url): add the scheme and Host the client used, e.g. new URL(req.url, `https://${req.headers.host}`)"
          : 'must be an absolute http: or https: URL, e.g. https://api.example.com/1.1/statuses/update.json',
      );
    }
  } else {
    throw invalidArgType(argumentName, 'a string or a URL', url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidArgValue(
      argumentName,
      `must use the http: or https: scheme (RFC 5849 §3.4.1.2); received ${parsed.protocol}`,
    );
  }
  return parsed;
}

/**
 * RFC 5849 §3.4.1.2 base string URI: scheme and host in lower case, the port only when it is not
 * the scheme's default (80 for http, 443 for https), the path as it goes on the wire (`/` when
 * empty), no query and no fragment. The WHATWG URL serialization already lower-cases the scheme
 * and host and drops default ports; the path is kept exactly as serialized, since it is what the
 * provider reads from the request line.
 *
 * @param url - the absolute request URL
 * @returns e.g. `http://example.com/r%20v/X` for `HTTP://EXAMPLE.COM:80/r%20v/X?id=123`
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE when `url` is not an absolute http(s) URL
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
 */
export function buildBaseStringUri(url: string | URL): string {
  const parsed = parseRequestUrl(url, 'url');
  // 1. Scheme and host in lower case; 3. the port only when it is not the default.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * Upper-cases an HTTP method after checking it is an RFC 9110 token.
 *
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE
 */
export function normalizeMethod(method: unknown, argumentName: string): string {
  if (typeof method !== 'string') throw invalidArgType(argumentName, 'a string', method);
  if (!isToken(method)) {
    throw invalidArgValue(argumentName, 'must be an HTTP method token such as GET or POST');
  }
  return method.toUpperCase();
}

/**
 * RFC 5849 §3.4.1.1 signature base string: the upper-case HTTP method, the base string URI and
 * the normalized parameters, each percent-encoded (§3.6) and joined with `&`.
 *
 * @param method - the HTTP method, any case
 * @param baseStringUri - from {@link buildBaseStringUri}
 * @param normalizedParameters - from `normalizeParameters` (§3.4.1.3.2)
 * @returns the signature base string
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE when `method` is not an HTTP method token
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.1
 */
export function buildSignatureBaseString(
  method: string,
  baseStringUri: string,
  normalizedParameters: string,
): string {
  const upperMethod = normalizeMethod(method, 'method');
  if (typeof baseStringUri !== 'string') {
    throw invalidArgType('baseStringUri', 'a string', baseStringUri);
  }
  if (typeof normalizedParameters !== 'string') {
    throw invalidArgType('normalizedParameters', 'a string', normalizedParameters);
  }
  return joinBaseString(upperMethod, baseStringUri, normalizedParameters);
}

/** §3.4.1.1 steps 1-5 over already-validated parts. */
export function joinBaseString(
  upperMethod: string,
  baseStringUri: string,
  normalizedParameters: string,
): string {
  // 1. The method, upper case, encoded (a custom method may need it); 2. "&";
  // 3. the encoded base string URI; 4. "&"; 5. the encoded normalized parameters.
  return `${percentEncode(upperMethod)}&${percentEncode(baseStringUri)}&${percentEncode(normalizedParameters)}`;
}

/**
 * The client side of RFC 5849 §3: add the protocol parameters to a request and sign it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { invalidArgType, invalidArgValue } from '../errors.js';
import { assertRealm, formatAuthorizationHeader } from './authorization-header.js';
import { joinBaseString, normalizeMethod, parseRequestUrl } from './base-string.js';
import {
  assertParameterPairs,
  encodePairs,
  normalizeEncodedParameters,
  parseFormParameters,
  type EncodedPair,
} from './parameters.js';
import { percentEncode } from './percent-encode.js';
import { parseRsaPrivateKey } from './signature/rsa-sha1.js';
import { computeSignature, isSignatureMethod } from './signature/signature-method.js';
import { assertKnownKeys } from './known-keys.js';
import type { Credentials, RequestToSign, SignOptions, SignedRequest } from './types.js';

/**
 * A fresh `oauth_nonce`: 32 random hex digits (122 random bits). A nonce is sent in the clear,
 * not a secret, so Node's pooled UUID randomness is fine and spares a system call per request.
 */
function makeNonce(): string {
  const uuid = randomUUID();
  return `${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}${uuid.slice(19, 23)}${uuid.slice(24)}`;
}

function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgType(name, 'a string', value);
}

function assertCredentials(credentials: unknown): asserts credentials is Credentials {
  if (typeof credentials !== 'object' || credentials === null) {
    throw invalidArgType('credentials', 'an object', credentials);
  }
  const { consumerKey, consumerSecret, token, tokenSecret } = credentials as Record<
    string,
    unknown
  >;
  assertString(consumerKey, 'credentials.consumerKey');
  if (consumerKey === '') throw invalidArgValue('credentials.consumerKey', 'must not be empty');
  assertString(consumerSecret, 'credentials.consumerSecret');
  if (token !== undefined) assertString(token, 'credentials.token');
  if (tokenSecret !== undefined) assertString(tokenSecret, 'credentials.tokenSecret');
  if (tokenSecret !== undefined && token === undefined) {
    throw invalidArgValue('credentials.tokenSecret', 'is given without credentials.token');
  }
}

/** The fields of {@link RequestToSign} and the names of {@link SignOptions}. */
const REQUEST_FIELDS = ['method', 'url', 'form'];
const OPTION_NAMES = [
  'signatureMethod',
  'privateKey',
  'realm',
  'callback',
  'verifier',
  'includeVersion',
  'nonce',
  'timestamp',
  'now',
];

function resolveTimestamp(options: SignOptions): string {
  const { timestamp, now } = options;
  if (timestamp !== undefined) {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw invalidArgValue(
        'options.timestamp',
        'must be a non-negative integer number of seconds',
      );
    }
    return String(timestamp);
  }
  if (now !== undefined && typeof now !== 'function') {
    throw invalidArgType('options.now', 'a function', now);
  }
  const milliseconds = (now ?? Date.now)();
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw invalidArgValue('options.now', 'must return a non-negative number of milliseconds');
  }
  // RFC 5849 §3.3: seconds since 1970-01-01T00:00:00Z.
  return String(Math.floor(milliseconds / 1000));
}

function resolveNonce(nonce: SignOptions['nonce']): string {
  const value = typeof nonce === 'function' ? nonce() : (nonce ?? makeNonce());
  if (typeof value !== 'string' || value === '') {
    throw invalidArgValue('options.nonce', 'must be (or return) a non-empty string');
  }
  return value;
}

/** The request's own parameters (query, then form body), encoded, and the body to send. */
function collectRequestParameters(
  url: URL,
  form: RequestToSign['form'],
): { pairs: EncodedPair[]; body: string | undefined } {
  // RFC 5849 §3.4.1.3.1: the query component, parsed as application/x-www-form-urlencoded.
  // Lenient (client side): a stray `%` is read as WHATWG form parsing reads it.
  const search = url.search;
  const pairs = search.length > 1 ? (parseFormParameters(search.slice(1), false) ?? []) : [];
  if (form === undefined) return { pairs, body: undefined };
  let body: string;
  let formPairs: EncodedPair[];
  if (typeof form === 'string') {
    body = form;
    formPairs = parseFormParameters(form, false) ?? [];
  } else {
    assertParameterPairs(form, 'request.form');
    formPairs = encodePairs(form);
    body = formPairs.map(([name, value]) => `${name}=${value}`).join('&');
  }
  // §3.4.1.3.1: and the entity-body, when it is form-encoded (the caller says so by passing it).
  for (const pair of formPairs) pairs.push(pair);
  return { pairs, body };
}

/**
 * Signs an HTTP request with OAuth 1.0a (RFC 5849 §3.1-§3.5.1): adds the protocol parameters,
 * builds the signature base string from the method, the URL as it goes on the wire and every
 * parameter (query, form body, protocol; duplicates kept), signs it and returns the
 * `Authorization` header together with every intermediate value.
 *
 * Protocol parameters are sent in the header only (§3.5.1, the preferred place), so the URL and
 * form must not already carry `oauth_*` parameters. `oauth_version="1.0"` is sent unless
 * `includeVersion` is false. Nothing secret is cached between calls.
 *
 * @param request - method, absolute URL (serialized as Node's URL parser does: non-ASCII and
 *   characters such as `|{}` are percent-encoded as they will be sent) and form body parameters
 * @param credentials - client credentials and, when present, the temporary or token credentials
 * @param options - signature method (default HMAC-SHA1), RSA private key, realm, callback,
 *   verifier, and the injectable nonce and clock
 * @returns the header, the normalized parameters, the base string, the signature and the URL
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on caller misuse (not an http(s) URL, a
 *   method that is not a token, RSA-SHA1 without a key, `oauth_*` parameters in the URL or form)
 * @throws SpritzerError ERR_OAUTH_KEY_INVALID when the RSA private key cannot be read
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.1
 */
export function signRequest(
  request: RequestToSign,
  credentials: Credentials,
  options: SignOptions = {},
): SignedRequest {
  if (typeof request !== 'object' || (request as unknown) === null) {
    throw invalidArgType('request', 'an object', request);
  }
  assertKnownKeys(request, REQUEST_FIELDS, 'request', 'field of the request', {
    body: 'a form body to sign goes in request.form (a string or [name, value] pairs), and a JSON body is not signed (RFC 5849 §3.4.1.3.1): leave it out',
  });
  assertCredentials(credentials);
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object', options);
  }
  assertKnownKeys(options, OPTION_NAMES, 'options', 'signing option');
  const method = normalizeMethod(request.method, 'request.method');
  const url = parseRequestUrl(request.url, 'request.url');
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA1';
  if (!isSignatureMethod(signatureMethod)) {
    throw invalidArgValue(
      'options.signatureMethod',
      'must be HMAC-SHA1, HMAC-SHA256, RSA-SHA1 or PLAINTEXT',
    );
  }
  let rsaKey: KeyObject | undefined;
  if (signatureMethod === 'RSA-SHA1') {
    if (typeof options.privateKey !== 'string') {
      throw invalidArgValue('options.privateKey', 'must be a PEM private key for RSA-SHA1');
    }
    rsaKey = parseRsaPrivateKey(options.privateKey);
  }
  if (options.realm !== undefined) assertRealm(options.realm, 'options.realm');
  if (options.callback !== undefined) assertString(options.callback, 'options.callback');
  if (options.verifier !== undefined) assertString(options.verifier, 'options.verifier');

  const { pairs, body } = collectRequestParameters(url, request.form);
  for (const [name] of pairs) {
    if (name.startsWith('oauth_')) {
      throw invalidArgValue(
        'request',
        `carries the protocol parameter ${name} in its URL or form; protocol parameters go in the Authorization header (RFC 5849 §3.5)`,
      );
    }
  }

  // RFC 5849 §3.1: the protocol parameters, in byte order of their names so the header needs
  // no sort (`oauth_signature` is inserted in its place below). Kept as text and encoded.
  const protocolText: (readonly [string, string])[] = [];
  const protocol: EncodedPair[] = [];
  const add = (name: string, value: string): void => {
    protocolText.push([name, value]);
    protocol.push([name, percentEncode(value)]);
  };
  if (options.callback !== undefined) add('oauth_callback', options.callback);
  add('oauth_consumer_key', credentials.consumerKey);
  add('oauth_nonce', resolveNonce(options.nonce));
  const signatureIndex = protocol.length;
  add('oauth_signature_method', signatureMethod);
  add('oauth_timestamp', resolveTimestamp(options));
  // §3.1: oauth_token MAY be omitted when the request has no token.
  if (credentials.token !== undefined) add('oauth_token', credentials.token);
  if (options.verifier !== undefined) add('oauth_verifier', options.verifier);
  // §3.1: oauth_version is OPTIONAL; when present it MUST be "1.0".
  if (options.includeVersion !== false) add('oauth_version', '1.0');

  // §3.4.1.3.1: every parameter except oauth_signature; §3.4.1.3.2: normalized.
  for (const pair of protocol) pairs.push(pair);
  const normalizedParameters = normalizeEncodedParameters(pairs);
  // §3.4.1.2: scheme and host lower case, default port dropped, no query or fragment.
  const baseStringUri = `${url.protocol}//${url.host}${url.pathname}`;
  const baseString = joinBaseString(method, baseStringUri, normalizedParameters);
  const signature = computeSignature(signatureMethod, baseString, {
    consumerSecret: credentials.consumerSecret,
    tokenSecret: credentials.tokenSecret ?? '',
    rsaKey,
  });
  protocol.splice(signatureIndex, 0, ['oauth_signature', percentEncode(signature)]);
  protocolText.splice(signatureIndex, 0, ['oauth_signature', signature]);

  const signed = {
    authorization: formatAuthorizationHeader(protocol, options.realm),
    oauthParameters: protocolText,
    normalizedParameters,
    baseStringUri,
    baseString,
    signature,
    url: url.href,
    method,
    signatureMethod,
  };
  return body === undefined ? signed : Object.assign(signed, { body });
}

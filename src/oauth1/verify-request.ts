/**
 * The provider side of RFC 5849 §3: check a signed request strictly, reject it with the reason
 * and the answer a provider (Twitter) gives, or return who signed it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { assertKnownKeys } from './known-keys.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { joinBaseString, normalizeMethod, parseRequestUrl } from './base-string.js';
import { normalizeEncodedParameters, parseFormParameters, type EncodedPair } from './parameters.js';
import { percentDecode, percentEncode } from './percent-encode.js';
import { parseRsaPublicKey } from './signature/rsa-sha1.js';
import { checkSignature, isSignatureMethod } from './signature/signature-method.js';
import type {
  NonceStore,
  ParameterTransmission,
  ReceivedRequest,
  SignatureMethod,
  VerifiedRequest,
  VerifyRequestOptions,
} from './types.js';
import { OAuthVerificationError } from './verification-error.js';

/** The protocol parameters a provider understands (RFC 5849 §2.1, §2.3, §3.1; body hash draft). */
const knownProtocolParameters: ReadonlySet<string> = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  // draft-eaton-oauth-bodyhash §3.1: signed like any other; a form body never carries it.
  'oauth_body_hash',
]);

const defaultSignatureMethods: readonly SignatureMethod[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'RSA-SHA1',
];

/** Longest `oauth_nonce` accepted; nonces are remembered, so their size is bounded. */
const maxNonceLength = 255;

/** Where the request's parameters were found. */
interface ParameterSources {
  readonly query: EncodedPair[];
  readonly form: EncodedPair[];
  readonly header: readonly (readonly [string, string])[];
  readonly headerIsOAuth: boolean;
  readonly realm: string | undefined;
}

function isOAuthScheme(authorization: string): boolean {
  const trimmed = authorization.trimStart();
  return (
    trimmed.slice(0, 5).toLowerCase() === 'oauth' &&
    (trimmed.length === 5 || /^[ \t]/.test(trimmed.slice(5)))
  );
}

function malformedRequest(place: string): OAuthVerificationError {
  return new OAuthVerificationError(
    'ERR_OAUTH_REQUEST_MALFORMED',
    `the ${place} has a malformed percent-encoding (RFC 5849 §3.4.1.3.1); encode "%" as %25`,
  );
}

function collectSources(request: ReceivedRequest, url: URL): ParameterSources {
  const search = url.search;
  // RFC 5849 §3.4.1.3.1: the query and the form body are application/x-www-form-urlencoded.
  // Provider side, strict: a `%` that does not start an escape is rejected, not guessed at.
  const query = search.length > 1 ? parseFormParameters(search.slice(1), true) : [];
  if (query === undefined) throw malformedRequest('query');
  const form = request.form === undefined ? [] : parseFormParameters(request.form, true);
  if (form === undefined) throw malformedRequest('form body');
  const authorization = request.authorization;
  if (authorization === undefined || !isOAuthScheme(authorization)) {
    return { query, form, header: [], headerIsOAuth: false, realm: undefined };
  }
  const parsed = parseAuthorizationHeader(authorization);
  return { query, form, header: parsed.parameters, headerIsOAuth: true, realm: parsed.realm };
}

/** §3.5: the one place the protocol parameters come from, and those parameters, decoded. */
function selectProtocolParameters(sources: ParameterSources): {
  transmission: ParameterTransmission;
  parameters: Map<string, string>;
} {
  const inHeader = sources.header.some(([name]) => name.startsWith('oauth_'));
  const inForm = sources.form.some(([name]) => name.startsWith('oauth_'));
  const inQuery = sources.query.some(([name]) => name.startsWith('oauth_'));
  const places: ParameterTransmission[] = [];
  if (inHeader) places.push('header');
  if (inForm) places.push('form');
  if (inQuery) places.push('query');
  const [transmission] = places;
  if (transmission === undefined) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_PARAMETER_MISSING',
      'the request carries no OAuth protocol parameters (RFC 5849 §3.5); sign it and send them in the Authorization header',
    );
  }
  if (places.length > 1) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES',
      `OAuth protocol parameters appear in the ${places.join(' and the ')} (RFC 5849 §3.5); send them in one place only, preferably the Authorization header`,
    );
  }
  const parameters = new Map<string, string>();
  if (transmission === 'header') {
    // Duplicates were rejected by the header parser.
    for (const [name, value] of sources.header)
      if (name.startsWith('oauth_')) parameters.set(name, value);
    return { transmission, parameters };
  }
  for (const [name, encodedValue] of transmission === 'form' ? sources.form : sources.query) {
    if (!name.startsWith('oauth_')) continue;
    if (parameters.has(name)) throw duplicated(name);
    // The pairs are in canonical §3.6 form, where `+` can only be a literal plus.
    const value = percentDecode(encodedValue, 'plus');
    if (value === undefined) {
      throw new OAuthVerificationError(
        'ERR_OAUTH_REQUEST_MALFORMED',
        `${name} is not UTF-8 once percent-decoded (RFC 5849 §3.6); encode its UTF-8 bytes`,
        { parameter: name },
      );
    }
    parameters.set(name, value);
  }
  return { transmission, parameters };
}

function duplicated(name: string): OAuthVerificationError {
  return new OAuthVerificationError(
    'ERR_OAUTH_PARAMETER_DUPLICATED',
    `${name} is given more than once (RFC 5849 §3.1); send each protocol parameter once`,
    { parameter: name },
  );
}

function missing(name: string, why: string): OAuthVerificationError {
  return new OAuthVerificationError(
    'ERR_OAUTH_PARAMETER_MISSING',
    `${name} is missing (RFC 5849 ${why}); sign the request with it`,
    { parameter: name },
  );
}

/** A received value safe to echo in a message: short visible ASCII, quoted; else nothing. */
function quoteIfPrintable(value: string): string {
  return value.length <= 32 && /^[\x21-\x7e]*$/.test(value) ? ` "${value}"` : '';
}

/** §3.3: a positive integer of seconds, digits only. */
function parseTimestamp(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = Number(text);
  return value > 0 ? value : undefined;
}

function checkTimestamp(text: string, nowSec: number, windowSec: number): number {
  const timestampSec = parseTimestamp(text);
  if (timestampSec === undefined) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_TIMESTAMP_INVALID',
      'oauth_timestamp is not a positive integer number of seconds since 1970 (RFC 5849 §3.3); send the current Unix time',
      { parameter: 'oauth_timestamp' },
    );
  }
  const skewSec = timestampSec - nowSec;
  if (Math.abs(skewSec) > windowSec) {
    const direction = skewSec > 0 ? 'ahead of' : 'behind';
    throw new OAuthVerificationError(
      'ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
      `oauth_timestamp is ${Math.abs(skewSec)} s ${direction} the provider's clock (RFC 5849 §3.3; allowed: ${windowSec} s); check the system clock`,
      { parameter: 'oauth_timestamp', clockSkewSec: skewSec },
    );
  }
  return timestampSec;
}

function checkNonce(nonce: string): void {
  let ascii = nonce.length > 0 && nonce.length <= maxNonceLength;
  for (let index = 0; ascii && index < nonce.length; index += 1) {
    const code = nonce.charCodeAt(index);
    ascii = code >= 0x20 && code <= 0x7e;
  }
  if (!ascii) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_NONCE_INVALID',
      `oauth_nonce must be 1 to ${maxNonceLength} ASCII characters (RFC 5849 §3.3; Twitter: "Only ASCII values are accepted for the oauth_nonce"); send a random alphanumeric string`,
      { parameter: 'oauth_nonce' },
    );
  }
}

function checkOptions(options: VerifyRequestOptions): {
  windowSec: number;
  allowed: readonly SignatureMethod[];
  now: () => number;
} {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object', options);
  }
  if (typeof options.lookupConsumer !== 'function') {
    throw invalidArgType('options.lookupConsumer', 'a function', options.lookupConsumer);
  }
  if (typeof options.lookupToken !== 'function') {
    throw invalidArgType('options.lookupToken', 'a function', options.lookupToken);
  }
  if (typeof (options.nonceStore as NonceStore | undefined)?.checkAndRemember !== 'function') {
    throw invalidArgType('options.nonceStore', 'a NonceStore', options.nonceStore);
  }
  const windowSec = options.timestampWindowSec ?? 300;
  if (!Number.isSafeInteger(windowSec) || windowSec < 0) {
    throw invalidArgValue(
      'options.timestampWindowSec',
      'must be a non-negative integer of seconds',
    );
  }
  const allowed = options.signatureMethods ?? defaultSignatureMethods;
  if (!Array.isArray(allowed) || !allowed.every(isSignatureMethod)) {
    throw invalidArgValue(
      'options.signatureMethods',
      'must list methods among HMAC-SHA1, HMAC-SHA256, RSA-SHA1 and PLAINTEXT',
    );
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw invalidArgType('options.now', 'a function', now);
  return { windowSec, allowed, now };
}

/** The fields of {@link ReceivedRequest} and the names of {@link VerifyRequestOptions}. */
const RECEIVED_REQUEST_FIELDS = ['method', 'url', 'authorization', 'form'];
const VERIFY_OPTION_NAMES = [
  'lookupConsumer',
  'lookupToken',
  'nonceStore',
  'now',
  'timestampWindowSec',
  'signatureMethods',
  'requireToken',
];

/**
 * Verifies a signed request as a strict provider does (RFC 5849 §3.2), checking in this order
 * (docs/oauth1.md has the table with the status and Twitter code of each):
 *
 * 1. The Authorization header, when its scheme is OAuth, parses strictly (§3.5.1); the query and
 *    form body are well-formed (§3.4.1.3.1).
 * 2. Protocol parameters come from exactly one place: header, form body or query (§3.5).
 * 3. No protocol parameter appears twice (§3.1), and none is unknown (§3.2: "unsupported
 *    parameter").
 * 4. The required parameters are present (§3.1; `oauth_timestamp` and `oauth_nonce` may be
 *    omitted with PLAINTEXT; `oauth_token` unless `requireToken` is false).
 * 5. `oauth_version`, if present, is `1.0` (§3.1).
 * 6. `oauth_signature_method` is one of the allowed methods (§3.4).
 * 7. `oauth_timestamp` is a positive integer within the window of the clock (§3.3).
 * 8. `oauth_nonce` is 1 to 255 ASCII characters.
 * 9. The consumer is known, and the token (if any) is known and belongs to that consumer.
 * 10. The signature matches, compared in constant time (§3.2, §3.4).
 * 11. The (consumer, token, timestamp, nonce) combination was not used before (§3.3); it is
 *     remembered only now, so unauthenticated requests cannot fill the nonce store.
 *
 * @param request - method, absolute URL (as the client addressed it: scheme, Host header and the
 *   request-target), the Authorization header, and the raw body when it is form-encoded
 * @param options - consumer and token lookups, the nonce store, the clock, the window, the
 *   allowed methods, whether a token is required
 * @returns who signed the request, and every protocol parameter received
 * @throws OAuthVerificationError with the reason's code, `status` and `twitterCode`
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on caller misuse (bad options, a URL that is
 *   not absolute http(s))
 * @throws SpritzerError ERR_OAUTH_KEY_INVALID when a consumer's registered RSA public key is unreadable
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export async function verifyRequest(
  request: ReceivedRequest,
  options: VerifyRequestOptions,
): Promise<VerifiedRequest> {
  if (typeof request !== 'object' || (request as unknown) === null) {
    throw invalidArgType('request', 'an object', request);
  }
  assertKnownKeys(request, RECEIVED_REQUEST_FIELDS, 'request', 'field of the request', {
    headers:
      'pass the Authorization header as request.authorization (e.g. req.headers.authorization)',
    body: 'the raw body goes in request.form, and only when its content type is application/x-www-form-urlencoded',
  });
  const { windowSec, allowed, now } = checkOptions(options);
  assertKnownKeys(options, VERIFY_OPTION_NAMES, 'options', 'verification option');
  const method = normalizeMethod(request.method, 'request.method');
  const url = parseRequestUrl(request.url, 'request.url');
  if (request.authorization !== undefined && typeof request.authorization !== 'string') {
    throw invalidArgType('request.authorization', 'a string', request.authorization);
  }
  if (request.form !== undefined && typeof request.form !== 'string') {
    throw invalidArgType('request.form', 'a string', request.form);
  }

  // 1-2. Parse every source; the protocol parameters come from exactly one (§3.5).
  const sources = collectSources(request, url);
  const { transmission, parameters } = selectProtocolParameters(sources);

  // 3. Unknown protocol parameters (§3.2: 400 for an unsupported parameter).
  for (const name of parameters.keys()) {
    if (!knownProtocolParameters.has(name)) {
      throw new OAuthVerificationError(
        'ERR_OAUTH_PARAMETER_UNSUPPORTED',
        `${quoteIfPrintable(name).trim() || 'an oauth_ parameter'} is not an OAuth 1.0a protocol parameter (RFC 5849 §3.2); remove it`,
        { parameter: name },
      );
    }
  }

  // 4-6. Required parameters, version, signature method (§3.1, §3.4).
  const consumerKey = parameters.get('oauth_consumer_key') ?? '';
  if (consumerKey === '') throw missing('oauth_consumer_key', '§3.1');
  const methodName = parameters.get('oauth_signature_method') ?? '';
  if (methodName === '') throw missing('oauth_signature_method', '§3.1');
  const signature = parameters.get('oauth_signature') ?? '';
  if (signature === '') throw missing('oauth_signature', '§3.1');
  const version = parameters.get('oauth_version');
  if (version !== undefined && version !== '1.0') {
    throw new OAuthVerificationError(
      'ERR_OAUTH_VERSION_UNSUPPORTED',
      `oauth_version is${quoteIfPrintable(version)}, not "1.0" (RFC 5849 §3.1); send "1.0" or leave it out`,
      { parameter: 'oauth_version' },
    );
  }
  if (!isSignatureMethod(methodName) || !allowed.includes(methodName)) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED',
      `oauth_signature_method${quoteIfPrintable(methodName)} is not accepted (RFC 5849 §3.4); use one of ${allowed.join(', ')}`,
      { parameter: 'oauth_signature_method' },
    );
  }
  const signatureMethod = methodName;
  const timestampText = parameters.get('oauth_timestamp');
  const nonce = parameters.get('oauth_nonce');
  // §3.1: "The parameters MAY be omitted when using the "PLAINTEXT" signature method."
  if (signatureMethod !== 'PLAINTEXT' || nonce !== undefined || timestampText !== undefined) {
    if (timestampText === undefined) throw missing('oauth_timestamp', '§3.1');
    if (nonce === undefined) throw missing('oauth_nonce', '§3.1');
  }
  // §3.1: a request without a resource owner MAY omit oauth_token; some clients send it empty.
  const tokenValue = parameters.get('oauth_token');
  const token = tokenValue === '' ? undefined : tokenValue;
  if (token === undefined && options.requireToken !== false) throw missing('oauth_token', '§3.1');

  // 7-8. Timestamp window and nonce format (§3.3).
  const nowSec = Math.floor(now() / 1000);
  const timestampSec =
    timestampText === undefined ? undefined : checkTimestamp(timestampText, nowSec, windowSec);
  if (nonce !== undefined) checkNonce(nonce);

  // 9. Consumer and token (§3.2: 401 for invalid client credentials or an invalid token).
  const consumer = await options.lookupConsumer(consumerKey);
  if (consumer === undefined) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_CONSUMER_UNKNOWN',
      'oauth_consumer_key does not name a known client (RFC 5849 §3.2); check the consumer key',
      { parameter: 'oauth_consumer_key' },
    );
  }
  let tokenSecret = '';
  if (token !== undefined) {
    const record = await options.lookupToken(token, consumerKey);
    if (record?.consumerKey !== consumerKey) {
      throw new OAuthVerificationError(
        'ERR_OAUTH_TOKEN_INVALID',
        'oauth_token is invalid, expired or was issued to another client (RFC 5849 §3.2); authorize again',
        { parameter: 'oauth_token' },
      );
    }
    tokenSecret = record.secret;
  }
  let rsaKey;
  if (signatureMethod === 'RSA-SHA1') {
    if (consumer.publicKey === undefined) {
      throw new OAuthVerificationError(
        'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED',
        'oauth_signature_method "RSA-SHA1" is not accepted for this client: it registered no RSA public key (RFC 5849 §3.4.3); use HMAC-SHA1',
        { parameter: 'oauth_signature_method' },
      );
    }
    rsaKey = parseRsaPublicKey(consumer.publicKey);
  }

  // 10. The signature (§3.4.1: every parameter but oauth_signature and the header's realm).
  const pairs: EncodedPair[] = [];
  for (const pair of sources.query) if (pair[0] !== 'oauth_signature') pairs.push(pair);
  for (const pair of sources.form) if (pair[0] !== 'oauth_signature') pairs.push(pair);
  for (const [name, value] of sources.header) {
    if (name !== 'oauth_signature') pairs.push([percentEncode(name), percentEncode(value)]);
  }
  const baseStringUri = `${url.protocol}//${url.host}${url.pathname}`;
  const baseString = joinBaseString(method, baseStringUri, normalizeEncodedParameters(pairs));
  const material = { consumerSecret: consumer.secret, tokenSecret, rsaKey };
  if (!checkSignature(signatureMethod, baseString, signature, material)) {
    throw new OAuthVerificationError(
      'ERR_OAUTH_SIGNATURE_MISMATCH',
      `oauth_signature does not match the request (RFC 5849 §3.4); compare your signature base string with the provider's and check the secrets`,
      { parameter: 'oauth_signature', baseString },
    );
  }

  // 11. Replay (§3.3), once the request is known to be authentic.
  if (nonce !== undefined && timestampSec !== undefined) {
    const key = JSON.stringify([consumerKey, token ?? '', timestampSec, nonce]);
    const check = options.nonceStore.checkAndRemember(key, timestampSec + windowSec, nowSec);
    if (check === 'replayed') {
      throw new OAuthVerificationError(
        'ERR_OAUTH_NONCE_REPLAYED',
        'oauth_nonce was already used with this timestamp and token (RFC 5849 §3.3); send a fresh nonce with every request',
        { parameter: 'oauth_nonce' },
      );
    }
    if (check === 'full') {
      throw new OAuthVerificationError(
        'ERR_OAUTH_NONCE_STORE_FULL',
        'the provider cannot remember more nonces right now (RFC 5849 §3.3); retry in a few seconds',
      );
    }
  }

  const verified: VerifiedRequest = {
    consumerKey,
    signatureMethod,
    transmission,
    oauthParameters: parameters,
  };
  return {
    ...verified,
    ...(token === undefined ? {} : { token }),
    ...(sources.realm === undefined ? {} : { realm: sources.realm }),
  };
}

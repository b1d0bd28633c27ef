/**
 * The independent OAuth 1.0a implementations the differential tests compare with: npm
 * `oauth-sign` 0.9 and `oauth-1.0a` 2.2 in-process, Debian's `python3-oauthlib` 3.2 in one Python
 * process per batch.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { SignatureMethod, SignedRequest } from '../../src/oauth1/index.js';
import { debianPython } from '../support/system-package.js';

const require = createRequire(import.meta.url);

interface OAuthSignModule {
  generateBase(method: string, baseUri: string, params: Record<string, string | string[]>): string;
  sign(
    signatureMethod: string,
    method: string,
    baseUri: string,
    params: Record<string, string | string[]>,
    consumerSecretOrKey: string,
    tokenSecret?: string,
  ): string;
}

interface OAuth10aInstance {
  getBaseString(request: { url: string; method: string; data: object }, oauthData: object): string;
  getSignature(
    request: { url: string; method: string; data: object },
    tokenSecret: string | undefined,
    oauthData: object,
  ): string;
}

type OAuth10aFactory = (options: {
  consumer: { key: string; secret: string };
  signature_method: string;
  hash_function: (base: string, key: string) => string;
}) => OAuth10aInstance;

const oauthSign = require('oauth-sign') as OAuthSignModule;
const oauth10a = require('oauth-1.0a') as OAuth10aFactory;

/** What an oracle computed. */
export interface OracleResult {
  readonly baseString: string;
  readonly signature: string;
}

/** Text pairs to an object of arrays (duplicates kept), with no prototype to trip over. */
function toMultiMap(pairs: Iterable<readonly [string, string]>): Record<string, string[]> {
  const map = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of pairs) (map[name] ??= []).push(value);
  return map;
}

/** Every parameter of a signed request, decoded by Node's own URLSearchParams, not by us. */
function requestParameters(signed: SignedRequest): [string, string][] {
  return [
    ...new URLSearchParams(new URL(signed.url).search),
    ...new URLSearchParams(signed.body ?? ''),
  ];
}

function protocolParameters(signed: SignedRequest): [string, string][] {
  return signed.oauthParameters
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [name, value]);
}

/** The base string URI built by WHATWG URL parsing (oauth-sign and oauth-1.0a take it verbatim). */
function whatwgBaseUri(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * npm oauth-sign: parameters as an object of decoded values, arrays for repeated names.
 *
 * @param consumerSecret - the consumer secret, or the PEM private key for RSA-SHA1
 */
export function signWithOAuthSign(
  signed: SignedRequest,
  consumerSecret: string,
  tokenSecret: string,
): OracleResult {
  const params = toMultiMap([...requestParameters(signed), ...protocolParameters(signed)]);
  const baseUri = whatwgBaseUri(signed.url);
  return {
    baseString: oauthSign.generateBase(signed.method, baseUri, params),
    signature: oauthSign.sign(
      signed.signatureMethod,
      signed.method,
      baseUri,
      params,
      consumerSecret,
      tokenSecret,
    ),
  };
}

function hashFunction(method: SignatureMethod): (base: string, key: string) => string {
  switch (method) {
    case 'HMAC-SHA1':
      return (base, key) => createHmac('sha1', key).update(base).digest('base64');
    case 'HMAC-SHA256':
      return (base, key) => createHmac('sha256', key).update(base).digest('base64');
    case 'PLAINTEXT':
      return (_base, key) => key;
    case 'RSA-SHA1':
      throw new Error('oauth-1.0a takes no RSA key; not used as an RSA oracle');
  }
}

/**
 * npm oauth-1.0a: every parameter passed through `data` (its URL parsing does not decode names
 * and loses repeated names across query and body, so the URL goes without its query).
 */
export function signWithOAuth10a(
  signed: SignedRequest,
  consumerKey: string,
  consumerSecret: string,
  tokenSecret: string,
): OracleResult {
  const oauth = oauth10a({
    consumer: { key: consumerKey, secret: consumerSecret },
    signature_method: signed.signatureMethod,
    hash_function: hashFunction(signed.signatureMethod),
  });
  const request = {
    url: whatwgBaseUri(signed.url),
    method: signed.method,
    data: toMultiMap(requestParameters(signed)),
  };
  const oauthData = Object.fromEntries(protocolParameters(signed));
  return {
    baseString: oauth.getBaseString(request, oauthData),
    signature: oauth.getSignature(request, tokenSecret, oauthData),
  };
}

/** One case for the Python oracle (see oauthlib-oracle.py). */
export interface OauthlibCase {
  readonly method: string;
  /** The URL as the user wrote it: oauthlib normalizes scheme, host and port itself. */
  readonly url: string;
  readonly body: string | null;
  readonly authorization: string;
  readonly signatureMethod: SignatureMethod;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token?: string;
  readonly tokenSecret: string;
  readonly rsaKey?: string;
  readonly nonce: string;
  readonly timestamp: number;
  readonly callback?: string;
  readonly verifier?: string;
  readonly realm?: string;
  /** Also sign with oauthlib's Client (it always sends oauth_version="1.0"). */
  readonly client: boolean;
}

/** An oauthlib result, or the exception it raised. */
export type OauthlibOutcome<T> = T | { readonly error: string };

export interface OauthlibResult {
  readonly signature: OauthlibOutcome<
    OracleResult & { normalizedParameters: string; baseStringUri: string }
  >;
  readonly client?: OauthlibOutcome<{ authorization: string; signature: string }>;
}

/**
 * Runs a batch of cases through python3-oauthlib in one Python process.
 *
 * @throws Error when Python fails or times out (bounded at 60 s)
 */
export function runOauthlib(cases: readonly OauthlibCase[]): OauthlibResult[] {
  const script = fileURLToPath(new URL('oauthlib-oracle.py', import.meta.url));
  const result = spawnSync(debianPython, [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `python3-oauthlib oracle failed (${String(result.status ?? result.signal)}): ${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as OauthlibResult[];
}

export function isError<T extends object>(
  outcome: OauthlibOutcome<T> | undefined,
): outcome is { readonly error: string } {
  return outcome !== undefined && 'error' in outcome;
}

/**
 * fast-check generators of requests for the differential tests: the traps of OAuth 1.0a
 * interoperability (reserved and non-ASCII characters, empty values, repeated names, query and
 * form together, default and non-default ports, upper-case hosts, `+` for spaces, lower-case
 * hex), and how each case is handed to the oracles.
 */
import fc from 'fast-check';
import {
  percentEncode,
  signRequest,
  type SignatureMethod,
  type SignedRequest,
} from '../../src/oauth1/index.js';

export type Pair = readonly [string, string];

/** How a list of pairs is written on the wire; every style is valid form encoding. */
export type Serialization = 'rfc3986' | 'uri-component' | 'plus-for-space' | 'lower-hex';

export interface GeneratedRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As the user typed it: upper-case hosts and default ports kept. */
  readonly rawUrl: string;
  /**
   * For oracles that normalize the URL themselves: the scheme, host and port as typed, then the
   * path and query as they go on the wire (dot segments resolved and raw characters encoded by
   * the WHATWG URL parser, which is not OAuth's job).
   */
  readonly oracleUrl: string;
  readonly query: readonly Pair[];
  /** Form parameters (POST and PUT only) as text, or the body as a raw string. */
  readonly form: readonly Pair[] | string | undefined;
  /** The form pairs as text, whichever way they are passed. */
  readonly formPairs: readonly Pair[];
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token: string | undefined;
  readonly tokenSecret: string | undefined;
  readonly signatureMethod: SignatureMethod;
  readonly nonce: string;
  readonly timestamp: number;
  readonly includeVersion: boolean;
  readonly callback: string | undefined;
  readonly verifier: string | undefined;
  readonly realm: string | undefined;
}

/** Characters behind the classic interoperability bugs, plus non-ASCII of every UTF-8 length. */
const trickyCharacters = [
  ...Array.from('!*\'()+ %=&~-._/?#[]@:;,$"<>\\^`{|}'),
  'é',
  'ü',
  '\u3001',
  '\u{1F600}',
  '\n',
  '\t',
];

const textUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Array.from('abcxyzABCXYZ0129')) },
  { weight: 2, arbitrary: fc.constantFrom(...trickyCharacters) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** Text with the troublesome characters likely; empty often. */
export const text = fc.string({ unit: textUnit, maxLength: 8 });

/** Names: like `text`, never a protocol parameter. */
const name = text.filter((value) => !value.startsWith('oauth_') && value !== '__proto__');

/** Few names, so repeated names (and same name, different value) are common. */
const pairs = fc.array(fc.tuple(fc.oneof(name, fc.constantFrom('a', 'a', 'b', 'c2', 'c@')), text), {
  maxLength: 5,
});

const serialization = fc.constantFrom<Serialization>(
  'rfc3986',
  'uri-component',
  'plus-for-space',
  'lower-hex',
);

/** Writes pairs as form-encoded text in the given style; empty values sometimes lose their `=`. */
export function serialize(list: readonly Pair[], style: Serialization, bareEmpty: boolean): string {
  const encode = (value: string): string => {
    switch (style) {
      case 'rfc3986':
        return percentEncode(value);
      case 'uri-component':
        return encodeURIComponent(value);
      case 'plus-for-space':
        return encodeURIComponent(value).replace(/%20/g, '+');
      case 'lower-hex':
        return percentEncode(value).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    }
  };
  return list
    .map(([key, value]) =>
      value === '' && bareEmpty ? encode(key) : `${encode(key)}=${encode(value)}`,
    )
    .join('&');
}

/** Path segments already as they go on the wire (oracles take paths verbatim). */
const pathSegment = fc.string({
  unit: fc.constantFrom(...Array.from("abzAZ09-._~!$'()*,;=:@"), '%20', '%C3%A9', '%2F'),
  maxLength: 6,
});

const origin = fc.tuple(
  fc.constantFrom('http', 'https', 'HTTP', 'HTTPS'),
  fc.constantFrom('example.com', 'EXAMPLE.COM', 'Api.Twitter.com', '127.0.0.1', 'localhost'),
  fc.constantFrom('', ':80', ':443', ':8080', ':1'),
);

const secret = fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9]{10,40}$/));
const key = fc.stringMatching(/^[A-Za-z0-9-]{1,30}$/);

/** A whole request to sign, with HMAC-SHA1, HMAC-SHA256 or PLAINTEXT. */
export const generatedRequest: fc.Arbitrary<GeneratedRequest> = fc
  .record({
    method: fc.constantFrom<GeneratedRequest['method']>('GET', 'POST', 'PUT', 'DELETE'),
    origin,
    path: fc.array(pathSegment, { maxLength: 3 }),
    query: pairs,
    queryStyle: serialization,
    form: pairs,
    formStyle: serialization,
    formAsString: fc.boolean(),
    bareEmpty: fc.boolean(),
    consumerKey: key,
    consumerSecret: secret,
    token: fc.option(fc.record({ token: key, tokenSecret: secret }), { nil: undefined }),
    signatureMethod: fc.constantFrom<SignatureMethod>(
      'HMAC-SHA1',
      'HMAC-SHA1',
      'HMAC-SHA256',
      'PLAINTEXT',
    ),
    nonce: fc.stringMatching(/^[A-Za-z0-9]{1,42}$/),
    timestamp: fc.integer({ min: 1, max: 4_000_000_000 }),
    includeVersion: fc.boolean(),
    callback: fc.option(
      fc.oneof(
        fc.constant('oob'),
        fc.constantFrom(
          'http://127.0.0.1:3005/cb?service_provider_id=11',
          'https://example.com/ready',
        ),
        text.map((value) => `http://printer.example.com/ready?x=${encodeURIComponent(value)}`),
      ),
      { nil: undefined },
    ),
    verifier: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,32}$/), { nil: undefined }),
    realm: fc.option(fc.stringMatching(/^[A-Za-z0-9 _.]{0,12}$/), { nil: undefined }),
  })
  .map((record) => {
    const [scheme, host, port] = record.origin;
    const queryText = serialize(record.query, record.queryStyle, record.bareEmpty);
    const rawUrl = `${scheme}://${host}${port}/${record.path.join('/')}${queryText === '' ? '' : `?${queryText}`}`;
    const wire = new URL(rawUrl);
    const hasBody = record.method === 'POST' || record.method === 'PUT';
    const formPairs = hasBody ? record.form : [];
    const form =
      !hasBody || formPairs.length === 0
        ? undefined
        : record.formAsString
          ? serialize(formPairs, record.formStyle, record.bareEmpty)
          : formPairs;
    return {
      method: record.method,
      rawUrl,
      oracleUrl: `${scheme}://${host}${port}${wire.pathname}${wire.search}`,
      query: record.query,
      form,
      formPairs,
      consumerKey: record.consumerKey,
      consumerSecret: record.consumerSecret,
      token: record.token?.token,
      tokenSecret: record.token?.tokenSecret,
      signatureMethod: record.signatureMethod,
      nonce: record.nonce,
      timestamp: record.timestamp,
      includeVersion: record.includeVersion,
      callback: record.callback,
      verifier: record.verifier,
      realm: record.realm,
    };
  });

/**
 * Signs a generated request with our client.
 *
 * @param privateKey - the PEM key, for RSA-SHA1 cases
 */
export function signGeneratedRequest(
  request: GeneratedRequest,
  privateKey?: string,
): SignedRequest {
  return signRequest(
    {
      method: request.method,
      url: request.rawUrl,
      ...(request.form === undefined ? {} : { form: request.form }),
    },
    {
      consumerKey: request.consumerKey,
      consumerSecret: request.consumerSecret,
      ...(request.token === undefined
        ? {}
        : { token: request.token, tokenSecret: request.tokenSecret ?? '' }),
    },
    {
      signatureMethod: request.signatureMethod,
      nonce: request.nonce,
      timestamp: request.timestamp,
      includeVersion: request.includeVersion,
      ...(privateKey === undefined ? {} : { privateKey }),
      ...(request.callback === undefined ? {} : { callback: request.callback }),
      ...(request.verifier === undefined ? {} : { verifier: request.verifier }),
      ...(request.realm === undefined ? {} : { realm: request.realm }),
    },
  );
}

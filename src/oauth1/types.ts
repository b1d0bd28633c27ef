/**
 * Public types of the OAuth 1.0a core (RFC 5849). Pure data: no I/O lives in src/oauth1/.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */

/** RFC 5849 §3.4 signature methods, plus HMAC-SHA256 (same construction as §3.4.2). */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1';

/** Client credentials (§1.1 "client credentials") and, when present, token credentials. */
export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** Temporary or token credentials identifier (`oauth_token`); absent for the first leg. */
  readonly token?: string;
  readonly tokenSecret?: string;
}

/** An HTTP request as it will go on the wire, before signing. */
export interface RequestToSign {
  /** HTTP method, any case (upper-cased for the base string, §3.4.1.1). */
  readonly method: string;
  /** Absolute URL, query included. Non-ASCII and `[]|{}` are encoded as Node's URL parser does. */
  readonly url: string | URL;
  /**
   * The entity-body's parameters when it is `application/x-www-form-urlencoded` (§3.4.1.3.1),
   * as the raw body string (`a=1&b=2`) or as name/value pairs (encoded when sent). Order and
   * duplicates are kept.
   */
  readonly form?: string | readonly (readonly [string, string])[];
}

/** Options for signing; every random or time-dependent input is injectable. */
export interface SignOptions {
  /** @default 'HMAC-SHA1' */
  readonly signatureMethod?: SignatureMethod;
  /** PEM (PKCS#1 or PKCS#8) private key; required for RSA-SHA1. */
  readonly privateKey?: string;
  /** `realm` of the Authorization header (§3.5.1); not signed. */
  readonly realm?: string;
  /** `oauth_callback`: an absolute URL or `oob` (§2.1). */
  readonly callback?: string;
  /** `oauth_verifier` (§2.3). */
  readonly verifier?: string;
  /** Send `oauth_version="1.0"` (optional per §3.1). @default true */
  readonly includeVersion?: boolean;
  /** `oauth_nonce`, or a function that makes one. @default 32 random hex digits */
  readonly nonce?: string | (() => string);
  /** `oauth_timestamp` in seconds, or a clock returning milliseconds. @default Date.now */
  readonly timestamp?: number;
  readonly now?: () => number;
}

/** The result of signing: everything a debugging user wants to see. */
export interface SignedRequest {
  /** The `Authorization: OAuth …` header value (§3.5.1). */
  readonly authorization: string;
  /** Every protocol parameter sent, `oauth_signature` included, in send order. */
  readonly oauthParameters: readonly (readonly [string, string])[];
  /** §3.4.1.3.2 normalized parameter string. */
  readonly normalizedParameters: string;
  /** §3.4.1.2 base string URI. */
  readonly baseStringUri: string;
  /** §3.4.1.1 signature base string. */
  readonly baseString: string;
  /** `oauth_signature`, unencoded (base64 for HMAC/RSA). */
  readonly signature: string;
  /** The URL as it goes on the wire (WHATWG-serialized). */
  readonly url: string;
  /** The HTTP method, upper case, as signed. */
  readonly method: string;
  /** The signature method used. */
  readonly signatureMethod: SignatureMethod;
  /**
   * The `application/x-www-form-urlencoded` body to send when the request has `form`
   * parameters: the raw string as given, or the pairs encoded per §3.6 and joined with `&`.
   */
  readonly body?: string;
}

/** Where a provider found the protocol parameters (§3.5); exactly one place is allowed. */
export type ParameterTransmission = 'header' | 'form' | 'query';

/** An incoming request as a provider sees it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Absolute URL as the client addressed it (scheme and Host header included). */
  readonly url: string | URL;
  /** The `Authorization` header, if any. */
  readonly authorization?: string | undefined;
  /** The raw body when it is `application/x-www-form-urlencoded`. */
  readonly form?: string | undefined;
}

/** A consumer (client) known to the provider. */
export interface ConsumerRecord {
  readonly secret: string;
  /** RSA-SHA1 public key (PEM), when the client registered one. */
  readonly publicKey?: string;
}

/** A temporary or token credential known to the provider. */
export interface TokenRecord {
  readonly secret: string;
  /** The consumer key the token was issued to; a token used by another consumer is invalid. */
  readonly consumerKey: string;
}

/**
 * The outcome of {@link NonceStore.checkAndRemember}: `fresh` (now remembered), `replayed`
 * (seen before and not yet expired), or `full` (at capacity with nothing provably expired, so the
 * request cannot be checked for replay and must be refused).
 */
export type NonceCheck = 'fresh' | 'replayed' | 'full';

/** Remembers nonces for the timestamp window (§3.3); bounded memory. */
export interface NonceStore {
  /**
   * Records `key` (consumer, token, timestamp and nonce, built by the verifier) unless it is
   * already there and not expired.
   *
   * @param key - identifies the (consumer, token, timestamp, nonce) combination (RFC 5849 §3.3)
   * @param expiresAtSec - the last second at which a request with this timestamp is still
   *   accepted (timestamp + window); after it the entry is provably useless
   * @param nowSec - the provider's clock, s
   */
  checkAndRemember(key: string, expiresAtSec: number, nowSec: number): NonceCheck;
}

/** Options of `verifyRequest`; the lookups and the clock are injected. */
export interface VerifyRequestOptions {
  /** Finds a consumer by `oauth_consumer_key`; `undefined` when unknown. */
  readonly lookupConsumer: (
    consumerKey: string,
  ) => ConsumerRecord | undefined | Promise<ConsumerRecord | undefined>;
  /** Finds a token by `oauth_token` for that consumer; `undefined` when unknown or revoked. */
  readonly lookupToken: (
    token: string,
    consumerKey: string,
  ) => TokenRecord | undefined | Promise<TokenRecord | undefined>;
  /** Where nonces are remembered to reject replays (§3.3). */
  readonly nonceStore: NonceStore;
  /** The provider's clock in milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Accepted distance between `oauth_timestamp` and the clock, either way, s. @default 300 */
  readonly timestampWindowSec?: number;
  /**
   * The signature methods accepted. PLAINTEXT sends the secrets themselves and belongs over TLS
   * only (§3.4.4), so it is accepted only when listed.
   * @default ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1']
   */
  readonly signatureMethods?: readonly SignatureMethod[];
  /** Require `oauth_token`; false for the temporary-credentials request (§2.1). @default true */
  readonly requireToken?: boolean;
}

/** A request `verifyRequest` accepted. */
export interface VerifiedRequest {
  readonly consumerKey: string;
  /** `oauth_token`, when the request carried one. */
  readonly token?: string;
  readonly signatureMethod: SignatureMethod;
  /** Where the protocol parameters were (§3.5). */
  readonly transmission: ParameterTransmission;
  /** Every `oauth_*` parameter received (`oauth_callback`, `oauth_verifier`, … included), decoded. */
  readonly oauthParameters: ReadonlyMap<string, string>;
  /** The `realm` of the Authorization header, when present. */
  readonly realm?: string;
}

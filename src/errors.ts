/**
 * Every failure spritzer reports is a {@link SpritzerError} with a stable `code` from
 * {@link SpritzerErrorCode}, so callers can `switch (err.code)` and narrow.
 *
 * Caller misuse (a wrong argument type or value at a public boundary) throws a plain
 * `TypeError`/`RangeError` carrying `ERR_INVALID_ARG_TYPE`/`ERR_INVALID_ARG_VALUE`, as Node does;
 * see {@link invalidArgType} and {@link invalidArgValue}.
 *
 * Messages are one line: what failed and what to do. Secrets never reach a message or a `cause`.
 */

/** Stable error codes, grouped by the module that raises them. Add new codes to their group. */
export type SpritzerErrorCode =
  // Usage and configuration (CLI exit code 2)
  | 'ERR_USAGE'
  | 'ERR_CONFIG_INVALID'
  // OAuth 1.0a, client and provider side (src/oauth1/)
  | 'ERR_OAUTH_HEADER_MALFORMED'
  | 'ERR_OAUTH_PARAMETER_MISSING'
  | 'ERR_OAUTH_PARAMETER_DUPLICATED'
  | 'ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES'
  | 'ERR_OAUTH_VERSION_UNSUPPORTED'
  | 'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED'
  | 'ERR_OAUTH_SIGNATURE_MISMATCH'
  | 'ERR_OAUTH_TIMESTAMP_INVALID'
  | 'ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW'
  | 'ERR_OAUTH_NONCE_INVALID'
  | 'ERR_OAUTH_NONCE_REPLAYED'
  | 'ERR_OAUTH_NONCE_STORE_FULL'
  | 'ERR_OAUTH_PARAMETER_UNSUPPORTED'
  | 'ERR_OAUTH_REQUEST_MALFORMED'
  | 'ERR_OAUTH_CONSUMER_UNKNOWN'
  | 'ERR_OAUTH_TOKEN_INVALID'
  | 'ERR_OAUTH_KEY_INVALID'
  | 'ERR_OAUTH_PROVIDER_RESPONSE'
  | 'ERR_OAUTH_PROVIDER_UNREACHABLE'
  | 'ERR_OAUTH_CALLBACK_NOT_CONFIRMED'
  | 'ERR_OAUTH_VERIFIER_INVALID'
  | 'ERR_OAUTH_AUTHORIZATION_DENIED'
  // Sinks and the spill journal (src/sinks/)
  | 'ERR_SINK_UNAVAILABLE'
  | 'ERR_SINK_WRITE_FAILED'
  | 'ERR_SINK_CLOSED'
  | 'ERR_SINK_MESSAGE_REJECTED'
  | 'ERR_SINK_MESSAGES_LOST'
  | 'ERR_SPILL_JOURNAL_IO'
  | 'ERR_SPILL_JOURNAL_CORRUPT'
  // Stream engine (src/stream/, src/http/)
  | 'ERR_STREAM_FILTER_INVALID'
  | 'ERR_STREAM_UNAUTHORIZED'
  | 'ERR_STREAM_FORBIDDEN'
  | 'ERR_STREAM_NOT_FOUND'
  | 'ERR_STREAM_PARAMETERS_REJECTED'
  | 'ERR_STREAM_RATE_LIMITED'
  | 'ERR_STREAM_HTTP_STATUS'
  | 'ERR_STREAM_NETWORK'
  | 'ERR_STREAM_CERTIFICATE_UNTRUSTED'
  | 'ERR_STREAM_ENDED'
  | 'ERR_STREAM_STALLED'
  | 'ERR_STREAM_GZIP'
  | 'ERR_STREAM_FRAMING'
  | 'ERR_STREAM_MESSAGE_TOO_LARGE'
  | 'ERR_STREAM_DISCONNECTED'
  | 'ERR_STREAM_TOKEN_REVOKED'
  | 'ERR_STREAM_RETRIES_EXHAUSTED'
  // The local Twitter service (src/emulator/)
  | 'ERR_EMULATOR_LISTEN_FAILED'
  | 'ERR_EMULATOR_TLS_FAILED'
  | 'ERR_EMULATOR_GENERATION_FAILED'
  // Credential store and CLI provider configuration (src/credentials/, src/cli/config.ts)
  | 'ERR_CREDENTIALS_FILE_PERMISSIONS'
  | 'ERR_CREDENTIALS_FILE_INVALID'
  | 'ERR_CREDENTIALS_FILE_IO'
  | 'ERR_CREDENTIALS_FILE_LOCKED'
  | 'ERR_CREDENTIALS_PROFILE_NOT_FOUND'
  | 'ERR_CREDENTIALS_MISSING'
  | 'ERR_AUTHORIZATION_TIMEOUT'
  // The synthetic world and spritzer generate (src/world/, src/cli/commands/generate.ts)
  | 'ERR_GENERATE_OUTPUT';

/**
 * Base class of every error spritzer raises for a reason other than caller misuse.
 *
 * @typeParam C - the narrowed code, so subclasses can promise a subset.
 */
export class SpritzerError<C extends SpritzerErrorCode = SpritzerErrorCode> extends Error {
  /** Stable, documented identifier of the failure. */
  readonly code: C;

  /**
   * @param code - stable identifier from {@link SpritzerErrorCode}
   * @param message - one line: what failed and what to do; must not contain secrets
   * @param options - `cause`: the underlying error or evidence (must not contain secrets)
   */
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** A `TypeError` carrying Node's `ERR_INVALID_ARG_TYPE` code. */
export function invalidArgType(name: string, expected: string, actual: unknown): TypeError {
  const error = new TypeError(
    `The "${name}" argument must be ${expected}; received ${describeValue(actual)}`,
  );
  Object.defineProperty(error, 'code', { value: 'ERR_INVALID_ARG_TYPE', enumerable: true });
  return error;
}

/** A `RangeError` carrying Node's `ERR_INVALID_ARG_VALUE` code. */
export function invalidArgValue(name: string, reason: string): RangeError {
  const error = new RangeError(`The "${name}" argument ${reason}`);
  Object.defineProperty(error, 'code', { value: 'ERR_INVALID_ARG_VALUE', enumerable: true });
  return error;
}

/**
 * The type of a value for an argument error (`type number`, `null`, `an array`): never the value
 * itself, which may be a secret passed in the wrong place.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `type ${typeof value}`;
}

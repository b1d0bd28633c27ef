/**
 * A provider's refusal of a flow step, with the provider's code and message read from its body in
 * whichever error format it answers with (provider-error-body.ts).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { SpritzerError } from '../../errors.js';
import {
  describeProviderError,
  type ProviderErrorDetails,
  readProviderErrorBody,
} from './provider-error-body.js';
import type { ProviderResponse } from './provider-http.js';

/**
 * A flow step failed at the provider: an error status, or a success status with a body that is
 * not a valid answer. Carries the HTTP status and, when the body says, the provider's code and
 * message. Never carries the response body itself (a success body holds the token secret).
 */
export class OAuthProviderError extends SpritzerError<'ERR_OAUTH_PROVIDER_RESPONSE'> {
  /** The HTTP status of the provider's response. */
  readonly status: number;
  /** The provider's error code, when the body has one. */
  readonly providerCode: number | undefined;
  /** The provider's error message, one line, when the body has one. */
  readonly providerMessage: string | undefined;

  /**
   * @param message - one line: what failed and what to do
   * @param status - the HTTP status
   * @param details - the provider's code and message
   */
  constructor(message: string, status: number, details: ProviderErrorDetails = {}) {
    super('ERR_OAUTH_PROVIDER_RESPONSE', message);
    this.status = status;
    this.providerCode = details.providerCode;
    this.providerMessage = details.providerMessage;
  }
}

/**
 * A flow request got no answer at all (refused, unknown host, TLS, a port fetch blocks): names
 * the request and the cause, so a caller can word its own advice from them.
 */
export class ProviderUnreachableError extends SpritzerError<'ERR_OAUTH_PROVIDER_UNREACHABLE'> {
  /** The request's method. */
  readonly method: string;
  /** The endpoint's origin and path (never its query). */
  readonly endpoint: string;
  /** The cause, one word or phrase: `ECONNREFUSED`, `bad port`, a TLS code. */
  readonly reason: string;

  /**
   * @param method - the request's method
   * @param url - the request's URL
   * @param error - what fetch threw
   */
  constructor(method: string, url: string, error: unknown) {
    const target = new URL(url);
    const endpoint = `${target.origin}${target.pathname}`;
    const reason = noAnswerReason(error);
    super(
      'ERR_OAUTH_PROVIDER_UNREACHABLE',
      `${method} ${endpoint} got no answer (${reason}); check the endpoint URL and that the provider is reachable`,
      { cause: error },
    );
    this.method = method;
    this.endpoint = endpoint;
    this.reason = reason;
  }
}

/**
 * fetch's own message is always "fetch failed"; its cause says what: a code (ECONNREFUSED) or,
 * for a port fetch blocks such as 1 or 6000, the message "bad port".
 */
function noAnswerReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Builds the error for a provider's non-success answer to a flow step.
 *
 * @param response - the provider's response (its body is read)
 * @param step - the step, for the message, e.g. `temporary-credentials request`
 */
export async function providerRefusal(
  response: ProviderResponse,
  step: string,
): Promise<OAuthProviderError> {
  const found = readProviderErrorBody(
    await response.text(),
    response.headers.get('content-type') ?? undefined,
  );
  const words = describeProviderError(found);
  const said = words === '' ? '' : `: ${words}`;
  const advice =
    response.status === 401
      ? 'check the consumer key and secret, the token, and the system clock'
      : 'check the endpoint URL and the parameters';
  return new OAuthProviderError(
    `the provider answered ${response.status} to the ${step}${said}; ${advice}`,
    response.status,
    found,
  );
}

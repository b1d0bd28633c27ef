/**
 * Signs and sends the POST of a credentials request (RFC 5849 §2.1, §2.3): protocol parameters
 * in the Authorization header, extra parameters in a form body.
 */
import { SpritzerError } from '../../errors.js';
import { signRequest } from '../sign-request.js';
import type { Credentials, SignOptions } from '../types.js';
import type { ParameterPair } from '../parameters.js';
import { assertFetch } from './flow-arguments.js';
import { ProviderUnreachableError } from './provider-error.js';
import type {
  FetchLike,
  ProviderRequestInit,
  ProviderRequestOptions,
  ProviderResponse,
} from './provider-http.js';

/**
 * Signs `POST endpoint` and sends it through `options.fetch` (default: the global fetch).
 *
 * @param options - signing options plus `fetch` and `signal`
 */
export function sendSignedPost(
  endpoint: string | URL,
  credentials: Credentials,
  form: readonly ParameterPair[] | undefined,
  options: SignOptions & ProviderRequestOptions,
): Promise<ProviderResponse> {
  const { fetch, signal, ...signOptions } = options;
  assertFetch(fetch);
  const signed = signRequest(
    form === undefined || form.length === 0
      ? { method: 'POST', url: endpoint }
      : { method: 'POST', url: endpoint, form },
    credentials,
    signOptions,
  );
  const headers: Record<string, string> = { authorization: signed.authorization };
  if (signed.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return sendReportingNoAnswer(fetch ?? globalThis.fetch, signed.url, {
    method: 'POST',
    headers,
    ...(signed.body === undefined ? {} : { body: signed.body }),
    ...(signal === undefined ? {} : { signal }),
    redirect: 'manual',
  });
}

/**
 * Sends the request; one that gets no answer (refused, unknown host, TLS) rejects with a
 * {@link ProviderUnreachableError} naming the endpoint and the cause instead of fetch's bare
 * "fetch failed". An abort, and an error the injected fetch made a SpritzerError already, pass
 * through unchanged.
 */
async function sendReportingNoAnswer(
  fetch: FetchLike,
  url: string,
  init: ProviderRequestInit,
): Promise<ProviderResponse> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (
      init.signal?.aborted === true ||
      error instanceof SpritzerError ||
      (error as { name?: unknown } | null)?.name === 'AbortError'
    ) {
      throw error;
    }
    throw new ProviderUnreachableError(init.method, url, error);
  }
}

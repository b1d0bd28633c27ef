/**
 * Signs and sends the POST of a credentials request (RFC 5849 §2.1, §2.3): protocol parameters
 * in the Authorization header, extra parameters in a form body.
 */
import { signRequest } from '../sign-request.js';
import type { Credentials, SignOptions } from '../types.js';
import type { ParameterPair } from '../parameters.js';
import { assertFetch } from './flow-arguments.js';
import type { ProviderRequestOptions, ProviderResponse } from './provider-http.js';

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
  return (fetch ?? globalThis.fetch)(signed.url, {
    method: 'POST',
    headers,
    ...(signed.body === undefined ? {} : { body: signed.body }),
    ...(signal === undefined ? {} : { signal }),
    redirect: 'manual',
  });
}

/**
 * Reads the form-encoded body a provider answers a credentials request with (RFC 5849 §2.1,
 * §2.3): `oauth_token`, `oauth_token_secret` and whatever else it adds.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
import { parseFormParameters } from '../parameters.js';
import { percentDecode } from '../percent-encode.js';
import { OAuthProviderError, providerRefusal } from './provider-error.js';
import type { ProviderResponse } from './provider-http.js';

/** A provider's successful answer, decoded. */
export interface CredentialsResponse {
  readonly token: string;
  readonly tokenSecret: string;
  /** Every parameter of the body, by name. */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * Checks the status and decodes the body of a credentials response.
 *
 * @param response - the provider's response
 * @param step - named in errors, e.g. `temporary-credentials request`
 * @param section - the RFC section of the step, e.g. `§2.1`
 * @throws OAuthProviderError on a non-2xx status, a malformed body, a missing or repeated
 *   `oauth_token`/`oauth_token_secret`
 */
export async function readCredentialsResponse(
  response: ProviderResponse,
  step: string,
  section: string,
): Promise<CredentialsResponse> {
  if (response.status < 200 || response.status > 299) throw await providerRefusal(response, step);
  // The body holds the token secret: errors below describe it, never quote it.
  const body = (await response.text()).trim();
  const invalid = (what: string): OAuthProviderError =>
    new OAuthProviderError(
      `the provider's answer to the ${step} ${what} (RFC 5849 ${section}); check the endpoint URL`,
      response.status,
    );
  // §2.1/§2.3: "using the application/x-www-form-urlencoded content type".
  const pairs = parseFormParameters(body, true);
  if (pairs === undefined) throw invalid('is not form-encoded');
  const fields = new Map<string, string>();
  for (const [encodedName, encodedValue] of pairs) {
    const name = percentDecode(encodedName, 'plus');
    const value = percentDecode(encodedValue, 'plus');
    if (name === undefined || value === undefined) throw invalid('is not UTF-8');
    if (fields.has(name))
      throw invalid(`gives ${name.startsWith('oauth_') ? name : 'a field'} twice`);
    fields.set(name, value);
  }
  const token = fields.get('oauth_token');
  const tokenSecret = fields.get('oauth_token_secret');
  if (token === undefined || token === '') throw invalid('has no oauth_token');
  if (tokenSecret === undefined) throw invalid('has no oauth_token_secret');
  return { token, tokenSecret, fields };
}

/** The fields other than the named ones, as a plain record. */
export function otherFields(
  fields: ReadonlyMap<string, string>,
  known: readonly string[],
): Readonly<Record<string, string>> {
  const extra: Record<string, string> = {};
  for (const [name, value] of fields) {
    // defineProperty: a field named "__proto__" stays an ordinary field.
    if (!known.includes(name)) {
      Object.defineProperty(extra, name, { value, enumerable: true, writable: false });
    }
  }
  return extra;
}

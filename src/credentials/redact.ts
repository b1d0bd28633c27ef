/**
 * Keeps secrets out of what spritzer prints: client and token secrets, verifiers (PINs),
 * signatures and whole Authorization headers are replaced by a marker unless the user asked to
 * see them (`--show-secrets`).
 */

/** What a redacted value prints as. */
export const redactedMarker = '[redacted]';

/**
 * OAuth parameters whose values must not be printed: the signature (it authorizes the request
 * it was made for), the verifier (RFC 5849 §2.2: proves the resource owner's approval) and the
 * shared secrets (§2.1, §2.3 responses; `oauth_consumer_secret` is not a protocol parameter but
 * some tools print it next to them).
 */
export const secretParameterNames: ReadonlySet<string> = new Set([
  'oauth_signature',
  'oauth_verifier',
  'oauth_token_secret',
  'oauth_consumer_secret',
]);

/** `value`, or {@link redactedMarker} unless `showSecrets`. */
export function redactSecret(value: string, showSecrets: boolean): string {
  return showSecrets ? value : redactedMarker;
}

/**
 * Replaces the values of {@link secretParameterNames} wherever they appear in a text: as
 * `name="value"` (Authorization header, RFC 5849 §3.5.1), `name=value` (form bodies, query
 * strings, normalized parameters, §3.4.1.3.2) and `name%3Dvalue` (inside a signature base string,
 * where the parameter string is encoded once more, §3.4.1.1).
 *
 * @param text - a header, body, URL or base string
 * @param showSecrets - return `text` unchanged
 */
export function redactParameters(text: string, showSecrets: boolean): string {
  if (showSecrets) return text;
  return text.replace(
    parameterPattern,
    (match, name: string, quoted?: string, plain?: string, encoded?: string) => {
      if (quoted !== undefined) return `${name}="${redactedMarker}"`;
      if (plain !== undefined) return `${name}=${redactedMarker}`;
      if (encoded !== undefined) return `${name}%3D${redactedMarker}`;
      return match;
    },
  );
}

const names = [...secretParameterNames].join('|');
// name="value" (header), name=value up to & or whitespace, name%3Dvalue up to %26 (base string)
const parameterPattern = new RegExp(
  `(?<![A-Za-z_])(${names})(?:(=")[^"]*"|(=)[^&\\s]*|(%3D)(?:(?!%26)[^&\\s])*)`,
  'g',
);

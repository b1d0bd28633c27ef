/**
 * RFC 5849 §3.4.2 signing key, shared by HMAC-SHA1, HMAC-SHA256 and PLAINTEXT (§3.4.4).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
import { percentEncode } from '../percent-encode.js';

/**
 * The encoded client shared-secret, `&`, and the encoded token shared-secret (the `&` is kept
 * when there is no token secret).
 *
 * @param consumerSecret - the client shared-secret
 * @param tokenSecret - the token shared-secret; empty when there is no token
 * @returns the signing key; a secret, never logged
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export function buildSigningKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

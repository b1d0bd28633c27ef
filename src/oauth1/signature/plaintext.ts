/**
 * RFC 5849 §3.4.4 PLAINTEXT: the signature is the signing key itself. Only safe over TLS.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.4
 */
import { buildSigningKey } from './signing-key.js';

/**
 * `oauth_signature` for PLAINTEXT: the §3.4.2 signing key (a secret: it goes in the header
 * encoded once more, §3.5.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.4
 */
export function signPlaintext(consumerSecret: string, tokenSecret: string): string {
  return buildSigningKey(consumerSecret, tokenSecret);
}

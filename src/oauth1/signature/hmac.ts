/**
 * RFC 5849 §3.4.2 HMAC-SHA1, and HMAC-SHA256 built the same way (used by NetSuite, Magento,
 * WooCommerce).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
import { createHmac } from 'node:crypto';

/** The digest behind each HMAC signature method. */
export type HmacDigest = 'sha1' | 'sha256';

/**
 * `oauth_signature` for an HMAC method: base64 of HMAC(key = signing key, text = base string).
 *
 * @param digest - `sha1` for HMAC-SHA1, `sha256` for HMAC-SHA256
 * @param baseString - the §3.4.1.1 signature base string
 * @param signingKey - the §3.4.2 key (`buildSigningKey`)
 * @returns the base64 digest (§3.4.2: "base64-encoded per RFC 2045 §6.8")
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export function signHmac(digest: HmacDigest, baseString: string, signingKey: string): string {
  return createHmac(digest, signingKey).update(baseString).digest('base64');
}

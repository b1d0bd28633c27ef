/**
 * Dispatches to the signature method named by `oauth_signature_method` (RFC 5849 §3.4), for the
 * client (sign) and the provider (check, in constant time).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 */
import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SignatureMethod } from '../types.js';
import { signHmac } from './hmac.js';
import { signPlaintext } from './plaintext.js';
import { signRsaSha1, verifyRsaSha1 } from './rsa-sha1.js';
import { buildSigningKey } from './signing-key.js';

/** Every signature method spritzer implements. */
export const signatureMethods: readonly SignatureMethod[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'RSA-SHA1',
  'PLAINTEXT',
];

/** Whether a string names a signature method spritzer implements. */
export function isSignatureMethod(value: unknown): value is SignatureMethod {
  return typeof value === 'string' && (signatureMethods as readonly string[]).includes(value);
}

/** The secrets a signature is made or checked with. */
export interface SigningMaterial {
  readonly consumerSecret: string;
  /** Empty when the request carries no token. */
  readonly tokenSecret: string;
  /** RSA-SHA1 only. */
  readonly rsaKey?: KeyObject | undefined;
}

/**
 * Computes `oauth_signature` (unencoded) for a base string.
 *
 * @throws Error when RSA-SHA1 is asked for without `material.rsaKey` (checked by the callers)
 */
export function computeSignature(
  method: SignatureMethod,
  baseString: string,
  material: SigningMaterial,
): string {
  switch (method) {
    case 'HMAC-SHA1':
      return signHmac(
        'sha1',
        baseString,
        buildSigningKey(material.consumerSecret, material.tokenSecret),
      );
    case 'HMAC-SHA256':
      return signHmac(
        'sha256',
        baseString,
        buildSigningKey(material.consumerSecret, material.tokenSecret),
      );
    case 'PLAINTEXT':
      return signPlaintext(material.consumerSecret, material.tokenSecret);
    case 'RSA-SHA1':
      if (material.rsaKey === undefined) throw new Error('RSA-SHA1 needs an RSA key');
      return signRsaSha1(baseString, material.rsaKey);
  }
}

/**
 * Checks a received `oauth_signature` (§3.2): HMAC and PLAINTEXT signatures are recomputed and
 * compared in constant time; RSA-SHA1 signatures are verified with the public key.
 *
 * @param material - for RSA-SHA1, `rsaKey` is the consumer's public key
 * @returns true when the signature is right
 */
export function checkSignature(
  method: SignatureMethod,
  baseString: string,
  signature: string,
  material: SigningMaterial,
): boolean {
  if (method === 'RSA-SHA1') {
    if (material.rsaKey === undefined) return false;
    return verifyRsaSha1(baseString, signature, material.rsaKey);
  }
  // Compare digests of both, so neither the content nor (for PLAINTEXT) the secrets' length
  // shows in the timing.
  const expected = createHash('sha256')
    .update(computeSignature(method, baseString, material))
    .digest();
  const received = createHash('sha256').update(signature).digest();
  return timingSafeEqual(expected, received);
}

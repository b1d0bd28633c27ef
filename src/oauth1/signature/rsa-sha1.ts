/**
 * RFC 5849 §3.4.3 RSA-SHA1: RSASSA-PKCS1-v1_5 (RFC 3447 §8.2) with SHA-1 over the base string.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.3
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SpritzerError } from '../../errors.js';

/** Parses a PEM key of one kind and checks it is RSA; `what` names it in the messages. */
function parseRsaKey(
  pem: string,
  parse: (pem: string) => KeyObject,
  what: string,
  advice: string,
): KeyObject {
  let key: KeyObject;
  try {
    key = parse(pem);
  } catch {
    // The parser's error is dropped: it may quote the key.
    throw new SpritzerError('ERR_OAUTH_KEY_INVALID', `${what} is not readable PEM; ${advice}`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SpritzerError(
      'ERR_OAUTH_KEY_INVALID',
      `${what} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not RSA; ${advice}`,
    );
  }
  return key;
}

/**
 * Parses a PEM RSA private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
 *
 * @throws SpritzerError ERR_OAUTH_KEY_INVALID when it is not one (the key never reaches the message)
 */
export function parseRsaPrivateKey(pem: string): KeyObject {
  return parseRsaKey(
    pem,
    (key) => createPrivateKey({ key, format: 'pem' }),
    'the RSA-SHA1 private key',
    'pass a PKCS#1 or PKCS#8 PEM RSA private key',
  );
}

/**
 * Parses a PEM RSA public key, or the public half of a certificate or private key.
 *
 * @throws SpritzerError ERR_OAUTH_KEY_INVALID when it is not one
 */
export function parseRsaPublicKey(pem: string): KeyObject {
  return parseRsaKey(
    pem,
    (key) => createPublicKey({ key, format: 'pem' }),
    "the consumer's RSA-SHA1 public key",
    'register a PEM RSA public key or certificate',
  );
}

/**
 * `oauth_signature` for RSA-SHA1: base64 of the PKCS#1 v1.5 SHA-1 signature of the base string.
 *
 * @param baseString - the §3.4.1.1 signature base string
 * @param privateKey - the client's RSA private key
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.3
 */
export function signRsaSha1(baseString: string, privateKey: KeyObject): string {
  return sign('sha1', Buffer.from(baseString, 'utf8'), privateKey).toString('base64');
}

/**
 * Checks an RSA-SHA1 `oauth_signature` against the base string (§3.4.3.2).
 *
 * @returns true when the signature is valid for the public key
 */
export function verifyRsaSha1(
  baseString: string,
  signature: string,
  publicKey: KeyObject,
): boolean {
  const bytes = Buffer.from(signature, 'base64');
  // Node's base64 decoder skips characters outside the alphabet: insist on a canonical encoding.
  if (bytes.toString('base64') !== signature) return false;
  return verify('sha1', Buffer.from(baseString, 'utf8'), publicKey, bytes);
}

/**
 * The CLI's advice for a TLS failure: Node trusts an extra certificate (a private CA, the
 * emulator's self-signed one) through NODE_EXTRA_CA_CERTS; verification is never turned off.
 */

/**
 * @param reason - the failure's code or message (`DEPTH_ZERO_SELF_SIGNED_CERT`, `ECONNREFUSED`)
 * @returns `; for a certificate … set NODE_EXTRA_CA_CERTS …` for a TLS failure, else ''
 */
export function certificateAdvice(reason: string): string {
  return /CERT|SSL|TLS/i.test(reason)
    ? '; for a certificate the system does not trust (spritzer emulate --tls), set NODE_EXTRA_CA_CERTS to its file'
    : '';
}

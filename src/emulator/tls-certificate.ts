/**
 * The self-signed certificate `spritzer emulate --tls` serves, written to a file so clients can
 * trust it (`NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, requests' `verify=`).
 *
 * `selfsigned` (with its X.509 and crypto dependencies) takes 200–500 ms to load, so it is
 * imported only when a certificate is asked for: an emulator without `--tls` never loads it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpritzerError } from '../errors.js';

/** A key and certificate, and where the certificate was written. */
export interface TlsCertificate {
  readonly key: string;
  readonly cert: string;
  readonly certPath: string;
}

/**
 * Generates an EC P-256 certificate for 127.0.0.1, ::1, localhost and `host`, valid for 30 days.
 *
 * @param host - the host the emulator listens on (added to the subject alternative names)
 * @param directory - where to write `emulator-cert.pem`; a new temporary directory by default
 * @throws SpritzerError ERR_EMULATOR_TLS_FAILED when generation or writing fails
 */
export async function createTlsCertificate(
  host: string,
  directory?: string,
): Promise<TlsCertificate> {
  const names = new Set(['localhost', '127.0.0.1', '::1', host]);
  const altNames = [...names].map((name) =>
    isIP(name) === 0 ? { type: 2 as const, value: name } : { type: 7 as const, ip: name },
  );
  try {
    const notBeforeDate = new Date(Date.now() - 60_000);
    const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600 * 1000);
    const { generate } = await import('selfsigned');
    const pems = await generate([{ name: 'commonName', value: 'spritzer emulator' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    const target = directory ?? (await mkdtemp(join(tmpdir(), 'spritzer-emulator-')));
    const certPath = join(target, 'emulator-cert.pem');
    await writeFile(certPath, pems.cert, { mode: 0o644 });
    return { key: pems.private, cert: pems.cert, certPath };
  } catch (error) {
    throw new SpritzerError(
      'ERR_EMULATOR_TLS_FAILED',
      `could not make the emulator's TLS certificate (${(error as Error).message}); check that the certificate directory is writable`,
      { cause: error },
    );
  }
}

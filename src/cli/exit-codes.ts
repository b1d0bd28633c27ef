import { SpritzerError, type SpritzerErrorCode } from '../errors.js';

/** The documented process exit codes (also in `spritzer --help` and docs/cli.md). */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** A runtime failure: network, provider, sink, I/O. */
  failure: 1,
  /** A usage or configuration error: fix the command line, environment or config file. */
  usage: 2,
  /** Authorization refused, denied or revoked: authorize again. */
  authorization: 3,
  /** Interrupted by SIGINT/SIGTERM (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table printed at the end of `spritzer --help`. */
export const exitCodeHelp = `Exit codes:
  0    success
  1    runtime failure (network, provider, sink, I/O)
  2    usage or configuration error
  3    authorization refused, denied or revoked
  130  interrupted (Ctrl-C / SIGTERM)`;

const usageCodes: ReadonlySet<SpritzerErrorCode> = new Set<SpritzerErrorCode>([
  'ERR_USAGE',
  'ERR_CONFIG_INVALID',
  'ERR_CREDENTIALS_FILE_PERMISSIONS',
  'ERR_CREDENTIALS_FILE_INVALID',
  'ERR_CREDENTIALS_PROFILE_NOT_FOUND',
  'ERR_CREDENTIALS_MISSING',
  'ERR_STREAM_FILTER_INVALID',
  'ERR_STREAM_NOT_FOUND',
  'ERR_STREAM_PARAMETERS_REJECTED',
  'ERR_STREAM_CERTIFICATE_UNTRUSTED',
]);

const authorizationCodes: ReadonlySet<SpritzerErrorCode> = new Set<SpritzerErrorCode>([
  'ERR_OAUTH_AUTHORIZATION_DENIED',
  'ERR_OAUTH_VERIFIER_INVALID',
  'ERR_OAUTH_TOKEN_INVALID',
  'ERR_STREAM_UNAUTHORIZED',
  'ERR_STREAM_FORBIDDEN',
  'ERR_STREAM_TOKEN_REVOKED',
]);

/** Maps an error thrown by a command to the process exit code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof SpritzerError) {
    const code: SpritzerErrorCode = (error as SpritzerError).code;
    if (usageCodes.has(code)) return ExitCode.usage;
    if (authorizationCodes.has(code)) return ExitCode.authorization;
    return ExitCode.failure;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_INVALID_ARG_TYPE' || code === 'ERR_INVALID_ARG_VALUE') return ExitCode.usage;
  return ExitCode.failure;
}

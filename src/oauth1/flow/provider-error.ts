/**
 * A provider's refusal of a flow step, read from whichever error format it answers with:
 * Twitter's JSON `{"errors":[{"code","message"}]}`, its XML `<errors><error code="…">`, the
 * OAuth Problem Reporting form `oauth_problem=…`, or plain text.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { SpritzerError } from '../../errors.js';
import type { ProviderResponse } from './provider-http.js';

/** Longest provider message kept, in characters. */
const maxMessageLength = 300;

/** What the provider said, as far as it can be read. */
export interface ProviderErrorDetails {
  /** The provider's own error code (Twitter: 32, 89, 415, 417, …), when it sent one. */
  readonly providerCode?: number;
  /** The provider's message, one line, at most 300 characters. */
  readonly providerMessage?: string;
}

/**
 * A flow step failed at the provider: an error status, or a success status with a body that is
 * not a valid answer. Carries the HTTP status and, when the body says, the provider's code and
 * message. Never carries the response body itself (a success body holds the token secret).
 */
export class OAuthProviderError extends SpritzerError<'ERR_OAUTH_PROVIDER_RESPONSE'> {
  /** The HTTP status of the provider's response. */
  readonly status: number;
  /** The provider's error code, when the body has one. */
  readonly providerCode: number | undefined;
  /** The provider's error message, one line, when the body has one. */
  readonly providerMessage: string | undefined;

  /**
   * @param message - one line: what failed and what to do
   * @param status - the HTTP status
   * @param details - the provider's code and message
   */
  constructor(message: string, status: number, details: ProviderErrorDetails = {}) {
    super('ERR_OAUTH_PROVIDER_RESPONSE', message);
    this.status = status;
    this.providerCode = details.providerCode;
    this.providerMessage = details.providerMessage;
  }
}

/** One line of printable text, bounded. */
function toOneLine(text: string): string | undefined {
  let line = '';
  let lastWasSpace = true;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const isSpace = code <= 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0);
    if (isSpace) {
      if (!lastWasSpace) line += ' ';
      lastWasSpace = true;
    } else {
      line += char;
      lastWasSpace = false;
    }
    if (line.length > maxMessageLength) return `${line.slice(0, maxMessageLength - 1)}…`;
  }
  const trimmed = line.trim();
  return trimmed === '' ? undefined : trimmed;
}

function toCode(value: unknown): number | undefined {
  const code = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof code === 'number' && Number.isSafeInteger(code) ? code : undefined;
}

function details(code: unknown, message: unknown): ProviderErrorDetails {
  const providerCode = toCode(code);
  const providerMessage = typeof message === 'string' ? toOneLine(message) : undefined;
  return {
    ...(providerCode === undefined ? {} : { providerCode }),
    ...(providerMessage === undefined ? {} : { providerMessage }),
  };
}

/** Twitter's JSON: `{"errors":[{"code":32,"message":"…"}]}`, or `{"error":"…"}`. */
function readJson(body: string): ProviderErrorDetails | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errors, error } = parsed as { errors?: unknown; error?: unknown };
  if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
    const first = errors[0] as { code?: unknown; message?: unknown };
    return details(first.code, first.message);
  }
  if (typeof error === 'string') return details(undefined, error);
  return undefined;
}

const xmlEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (entity, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? entity;
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? entity;
    return xmlEntities[name] ?? entity;
  });
}

function safeCodePoint(point: number): string | undefined {
  return point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
}

/**
 * Twitter's XML: `<errors><error code="417">…</error></errors>`, and the older
 * `<hash><error>…</error><request>…</request></hash>`.
 */
function readXml(body: string): ProviderErrorDetails | undefined {
  const start = body.search(/<error[\s>]/);
  if (start === -1) return undefined;
  const tagEnd = body.indexOf('>', start);
  const close = body.indexOf('</error>', tagEnd);
  if (tagEnd === -1 || close === -1) return undefined;
  const attributes = body.slice(start + '<error'.length, tagEnd);
  const code = /\bcode\s*=\s*["'](\d{1,9})["']/.exec(attributes)?.[1];
  return details(code, decodeXmlText(body.slice(tagEnd + 1, close)));
}

/** OAuth Problem Reporting (oauth.net extension): `oauth_problem=signature_invalid&…`. */
function readProblemReport(body: string): ProviderErrorDetails | undefined {
  if (!body.startsWith('oauth_problem=')) return undefined;
  const problem = new URLSearchParams(body);
  const advice = problem.get('oauth_problem_advice');
  const text = `${problem.get('oauth_problem') ?? ''}${advice === null ? '' : `: ${advice}`}`;
  return details(undefined, text);
}

/**
 * Reads a provider's error body in any of the formats it may use.
 *
 * @param body - the response body
 * @returns the provider's code and message, as far as they can be read
 */
export function readProviderErrorBody(body: string): ProviderErrorDetails {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) return readJson(trimmed) ?? details(undefined, trimmed);
  if (trimmed.startsWith('<')) {
    return readXml(trimmed) ?? details(undefined, trimmed.replace(/<[^>]*>/g, ' '));
  }
  return readProblemReport(trimmed) ?? details(undefined, trimmed);
}

/**
 * Builds the error for a provider's non-success answer to a flow step.
 *
 * @param response - the provider's response (its body is read)
 * @param step - the step, for the message, e.g. `temporary-credentials request`
 */
export async function providerRefusal(
  response: ProviderResponse,
  step: string,
): Promise<OAuthProviderError> {
  const found = readProviderErrorBody(await response.text());
  const said =
    found.providerMessage === undefined
      ? ''
      : `: ${found.providerMessage}${found.providerCode === undefined ? '' : ` (code ${found.providerCode})`}`;
  const advice =
    response.status === 401
      ? 'check the consumer key and secret, the token, and the system clock'
      : 'check the endpoint URL and the parameters';
  return new OAuthProviderError(
    `the provider answered ${response.status} to the ${step}${said}; ${advice}`,
    response.status,
    found,
  );
}

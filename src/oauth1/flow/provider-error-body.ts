/**
 * Reading a provider's error body, in whichever format it answers with: Twitter's JSON
 * `{"errors":[{"code","message"}]}` (v1.1) or `{"title","detail"}` (v2), its XML
 * `<errors><error code="…">`, an HTML error page, the OAuth Problem Reporting form
 * `oauth_problem=…`, or plain text. Shared by the OAuth flow (a refused step) and the stream client
 * (a refused connection). Pure: the caller reads the body.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
import { decodeCharacterReferences } from '../../character-references.js';

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
 * Reads a provider's error body in any of the formats it may use. Never throws: a body that does
 * not look like JSON is never given to a JSON parser (ttezel/twit#119: a plain-text 420 body
 * crashed one), and a body that fails to parse reads as its text.
 *
 * @param body - the response body (or its first bytes), decoded
 * @param contentType - the response's `Content-Type`: `html` in it reads the body as a page
 * @returns the provider's code and message, as far as they can be read
 */
export function readProviderErrorBody(body: string, contentType?: string): ProviderErrorDetails {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) return readJson(trimmed) ?? details(undefined, trimmed);
  if (trimmed.startsWith('<') || (contentType ?? '').includes('html')) {
    return readXml(trimmed) ?? details(undefined, markupText(trimmed));
  }
  return readProblemReport(trimmed) ?? details(undefined, trimmed);
}

/**
 * The provider's words as one clause: `message (code N)`, or `''` when it said nothing readable.
 *
 * @param found - what {@link readProviderErrorBody} read
 */
export function describeProviderError(found: ProviderErrorDetails): string {
  if (found.providerMessage === undefined) return '';
  return found.providerCode === undefined
    ? found.providerMessage
    : `${found.providerMessage} (code ${found.providerCode})`;
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

/**
 * v1.1: `{"errors":[{"code":32,"message":"…"}]}` (the first error), or `{"error":"…"}`;
 * v2 problem details: `{"title":"…","detail":"…"}`.
 */
function readJson(body: string): ProviderErrorDetails | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errors, error, title, detail } = parsed as {
    errors?: unknown;
    error?: unknown;
    title?: unknown;
    detail?: unknown;
  };
  if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
    const first = errors[0] as { code?: unknown; message?: unknown };
    return details(first.code, first.message);
  }
  if (typeof error === 'string') return details(undefined, error);
  if (typeof detail === 'string') {
    return details(undefined, typeof title === 'string' ? `${title}: ${detail}` : detail);
  }
  return undefined;
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
  return details(code, decodeCharacterReferences(body.slice(tagEnd + 1, close)));
}

/** The text of an HTML page or other markup: no head matter, no tags, entities decoded. */
function markupText(markup: string): string {
  const withoutHead = markup.replace(/<(script|style|title)\b[\s\S]*?<\/\1>/giu, ' ');
  return decodeCharacterReferences(withoutHead.replace(/<[^>]*>/gu, ' '));
}

/** OAuth Problem Reporting (oauth.net extension): `oauth_problem=signature_invalid&…`. */
function readProblemReport(body: string): ProviderErrorDetails | undefined {
  if (!body.startsWith('oauth_problem=')) return undefined;
  const problem = new URLSearchParams(body);
  const advice = problem.get('oauth_problem_advice');
  const text = `${problem.get('oauth_problem') ?? ''}${advice === null ? '' : `: ${advice}`}`;
  return details(undefined, text);
}

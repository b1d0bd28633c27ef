/**
 * The error for a stream response whose status is not 200, with a message that says what to do,
 * from the documented meaning of each status and the body the service sent.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 *   ("HTTP error codes")
 */
import { STATUS_CODES } from 'node:http';
import { SpritzerError, type SpritzerErrorCode } from '../errors.js';
import {
  describeProviderError,
  readProviderErrorBody,
} from '../oauth1/flow/provider-error-body.js';
import { describeClockSkew } from './clock-skew.js';

/** The codes a status maps to. */
export type HttpStatusErrorCode = Extract<
  SpritzerErrorCode,
  | 'ERR_STREAM_UNAUTHORIZED'
  | 'ERR_STREAM_FORBIDDEN'
  | 'ERR_STREAM_NOT_FOUND'
  | 'ERR_STREAM_PARAMETERS_REJECTED'
  | 'ERR_STREAM_RATE_LIMITED'
  | 'ERR_STREAM_HTTP_STATUS'
>;

/** What the response said, for {@link HttpStatusError}. */
export interface HttpStatusEvidence {
  readonly status: number;
  /** The reason phrase the server sent, if any. */
  readonly statusText?: string | undefined;
  /** The body, already summarized to one bounded line (see {@link summarizeErrorBody}). */
  readonly body: string;
  /** The stream URL, without credentials. */
  readonly url: string;
  /** How far the server's clock is ahead of ours, from its `Date` header. */
  readonly clockSkewMs?: number | undefined;
}

/** A stream response with a status other than 200. */
export class HttpStatusError extends SpritzerError<HttpStatusErrorCode> {
  /** The HTTP status. */
  readonly status: number;
  /** The server's clock minus ours, in ms, when its `Date` header was readable. */
  readonly clockSkewMs: number | undefined;

  /** @param evidence - the response's status, summarized body and the request's URL */
  constructor(evidence: HttpStatusEvidence) {
    const { code, advice } = adviceFor(evidence);
    // Standard phrases first: a server may send anything (Node's own server sends `unknown` for 420).
    const reason =
      STATUS_CODES[evidence.status] ?? reasonPhrases[evidence.status] ?? evidence.statusText ?? '';
    const said = evidence.body === '' ? '' : `: ${evidence.body}`;
    super(
      code,
      `HTTP ${evidence.status}${reason === '' ? '' : ` ${reason}`} from ${evidence.url}${said}; ${advice}`,
    );
    this.status = evidence.status;
    this.clockSkewMs = evidence.clockSkewMs;
  }
}

/** Reason phrases Node does not know. */
const reasonPhrases: Readonly<Record<number, string>> = { 420: 'Enhance Your Calm' };

function adviceFor(evidence: HttpStatusEvidence): { code: HttpStatusErrorCode; advice: string } {
  switch (evidence.status) {
    case 401: {
      // 401: among the causes, "Out-of-sync timestamp in your OAuth request (the response body
      // will indicate this)".
      const skew = describeClockSkew(evidence.clockSkewMs);
      return {
        code: 'ERR_STREAM_UNAUTHORIZED',
        advice:
          skew === undefined
            ? 'the credentials were refused: check the consumer key and secret and the access token and secret, or authorize again'
            : `${skew}, so clock skew is the likely cause (OAuth timestamps must be close to the server's time): correct the system clock`,
      };
    }
    case 403:
      // 403: "The connecting account is not permitted to access this endpoint."
      return {
        code: 'ERR_STREAM_FORBIDDEN',
        advice:
          'this account or app is not permitted to access this endpoint: check its access level',
      };
    case 404:
      // 404 Unknown: "There is nothing at this URL".
      return {
        code: 'ERR_STREAM_NOT_FOUND',
        advice: 'there is no stream at this URL: check the stream URL',
      };
    case 406:
      // 406 Not Acceptable: a track keyword too long or too short, a bad bounding box, no
      // predicate, or an invalid follow id.
      return {
        code: 'ERR_STREAM_PARAMETERS_REJECTED',
        advice:
          'a parameter was rejected: check track (phrases of 1–60 bytes), follow (numeric user ids) and locations (south-west corner first)',
      };
    case 413:
      // 413 Too Long: more track values, boxes or follow ids than the access level allows.
      return {
        code: 'ERR_STREAM_PARAMETERS_REJECTED',
        advice:
          'too many track phrases, follow ids or location boxes for this access level (400, 5,000 and 25 by default)',
      };
    case 416:
      // 416 Range Unacceptable: `count` without access to it, or out of range.
      return {
        code: 'ERR_STREAM_PARAMETERS_REJECTED',
        advice: 'count is not allowed for this access level or is out of range: remove it',
      };
    case 420:
    case 429:
      // 420 Rate Limited: too many connection attempts (429 on the v2 streams).
      return {
        code: 'ERR_STREAM_RATE_LIMITED',
        advice: 'connecting too often: backing off before the next attempt',
      };
    default:
      return { code: 'ERR_STREAM_HTTP_STATUS', advice: 'backing off before the next attempt' };
  }
}

/** Longest error-body summary kept in a message, in characters. */
export const ERROR_BODY_CHARS = 200;

/**
 * One bounded line from an error body: what the service said, in any of its error formats
 * (`readProviderErrorBody`: JSON errors, HTML pages, plain text), with its error code.
 *
 * @param body - the first bytes of the body, already inflated
 * @param contentType - the response's `Content-Type`
 */
export function summarizeErrorBody(body: Buffer, contentType: string | undefined): string {
  const text = describeProviderError(readProviderErrorBody(body.toString('utf8'), contentType));
  const characters = Array.from(text);
  return characters.length > ERROR_BODY_CHARS
    ? `${characters.slice(0, ERROR_BODY_CHARS).join('')}…`
    : text;
}

/**
 * Prints HTTP exchanges for `--trace` and `--explain`: the signature base string, the request
 * line, headers and body, then the response status, headers and body. Secrets (the signature,
 * verifier, token secrets, and any credential-bearing header) are redacted unless the user
 * passed `--show-secrets`.
 */
import { STATUS_CODES } from 'node:http';
import { redactParameters, redactedMarker } from '../credentials/redact.js';
import type { TerminalStyle } from './terminal-style.js';

/** Where and how a trace is printed. */
export interface TraceOutput {
  readonly write: (text: string) => void;
  readonly style: TerminalStyle;
  readonly showSecrets: boolean;
  /** Prefix of every line. @default '' */
  readonly indent?: string;
}

/** A request as it goes on the wire. */
export interface TracedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** RFC 5849 §3.4.1.1 signature base string, when the request is signed. */
  readonly baseString?: string | undefined;
}

/** A response as received. */
export interface TracedResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly headers?: Iterable<readonly [string, string]>;
  readonly body?: string | undefined;
}

/** Headers that carry credentials whole: never printed without `--show-secrets`. */
const credentialHeaders = new Set(['cookie', 'set-cookie', 'proxy-authorization']);

/** Prints a request: base string, request line, headers, body. */
export function traceRequest(output: TraceOutput, request: TracedRequest): void {
  const { style } = output;
  const lines: string[] = [];
  if (request.baseString !== undefined) {
    lines.push(style.dim('signature base string (RFC 5849 §3.4.1.1):'));
    lines.push(`  ${redact(output, request.baseString)}`);
  }
  lines.push(style.bold(`→ ${request.method} ${redact(output, request.url)}`));
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`  ${style.dim(`${name}:`)} ${redactHeader(output, name, value)}`);
  }
  if (request.body !== undefined && request.body !== '') {
    lines.push(`  ${redact(output, request.body)}`);
  }
  print(output, lines);
}

/** Prints a response: status line, headers (when given), body (when given). */
export function traceResponse(output: TraceOutput, response: TracedResponse): void {
  const { style } = output;
  const ok = response.status >= 200 && response.status < 300;
  const reason =
    response.statusText === undefined || response.statusText === ''
      ? (STATUS_CODES[response.status] ?? '')
      : response.statusText;
  const statusLine = `← ${response.status}${reason === '' ? '' : ` ${reason}`}`;
  const lines = [ok ? style.bold(style.green(statusLine)) : style.bold(style.red(statusLine))];
  for (const [name, value] of response.headers ?? []) {
    lines.push(`  ${style.dim(`${name}:`)} ${redactHeader(output, name, value)}`);
  }
  if (response.body !== undefined && response.body !== '') {
    lines.push(`  ${redact(output, response.body.trim())}`);
  }
  print(output, lines);
}

function redact(output: TraceOutput, text: string): string {
  return redactParameters(text, output.showSecrets);
}

function redactHeader(output: TraceOutput, name: string, value: string): string {
  if (output.showSecrets) return value;
  const lower = name.toLowerCase();
  if (credentialHeaders.has(lower)) return redactedMarker;
  // An OAuth Authorization header names public identifiers and a secret signature; any other
  // scheme (Basic, Bearer) is a credential as a whole.
  if (lower === 'authorization' && !/^OAuth\s/i.test(value)) return redactedMarker;
  return redactParameters(value, false);
}

function print(output: TraceOutput, lines: readonly string[]): void {
  const indent = output.indent ?? '';
  output.write(lines.map((line) => `${indent}${line}\n`).join(''));
}

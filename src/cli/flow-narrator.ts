/**
 * Narrates the OAuth 1.0a dance for `spritzer authorize --explain` and `spritzer demo`: each step
 * with its RFC 5849 section and Twitter's name for it, the signed requests (base string,
 * Authorization header) and the provider's answers, secrets redacted.
 */
import type { FetchLike, ProviderResponse } from '../oauth1/flow/provider-http.js';
import { traceRequest, traceResponse, type TraceOutput } from './http-trace.js';

/** Prints the steps of the dance; silent when constructed without an output. */
export class FlowNarrator {
  readonly #output: TraceOutput | undefined;

  /** @param output - where to print; `undefined` narrates nothing */
  constructor(output: TraceOutput | undefined) {
    this.#output = output;
  }

  /** Whether anything is printed. */
  get enabled(): boolean {
    return this.#output !== undefined;
  }

  /** Prints a step's heading and what it is for. */
  step(number: number, title: string, explanation: string): void {
    const output = this.#output;
    if (output === undefined) return;
    const { style } = output;
    output.write(`\n${style.bold(style.green(`Step ${number}/4 · ${title}`))}\n`);
    output.write(`${style.dim(explanation)}\n`);
  }

  /** Prints one line of detail under the current step. */
  detail(text: string): void {
    this.#output?.write(`  ${text}\n`);
  }

  /**
   * Wraps a fetch so the request it sends and the answer it gets are printed. The response body
   * is read once and handed on unchanged.
   *
   * @param fetch - the fetch the flow step uses
   * @param baseString - the request's signature base string, printed before it
   */
  tracing(fetch: FetchLike, baseString: string): FetchLike {
    const output = this.#output;
    if (output === undefined) return fetch;
    const indented: TraceOutput = { ...output, indent: '  ' };
    return async (url, init) => {
      traceRequest(indented, {
        method: init.method,
        url,
        headers: init.headers,
        body: init.body,
        baseString,
      });
      const response = await fetch(url, init);
      const body = await response.text();
      traceResponse(indented, { status: response.status, body });
      const replayed: ProviderResponse = {
        status: response.status,
        headers: response.headers,
        text: () => Promise.resolve(body),
      };
      return replayed;
    };
  }
}

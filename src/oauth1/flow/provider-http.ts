/**
 * The HTTP seam of the 3-legged flow: a `fetch`-shaped function is injected, so the flow steps
 * hold no socket of their own and tests can answer with real `Response` objects.
 */

/** The subset of `fetch`'s options the flow uses. */
export interface ProviderRequestInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** A redirect would change the signed method or URL: hand it back as the response. */
  readonly redirect: 'manual';
}

/** The subset of `Response` the flow reads; the global `Response` satisfies it. */
export interface ProviderResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A `fetch`-shaped function; `globalThis.fetch` is one. */
export type FetchLike = (url: string, init: ProviderRequestInit) => Promise<ProviderResponse>;

/** Options shared by the flow's request steps. */
export interface ProviderRequestOptions {
  /** Sends the request. @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Aborts the request. */
  readonly signal?: AbortSignal;
}

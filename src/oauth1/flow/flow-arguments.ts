/**
 * Argument checks of the 3-legged flow's steps, for callers without the types: each names the
 * argument and what it should be, instead of a TypeError from inside ("Cannot destructure…").
 */
import { invalidArgType } from '../../errors.js';
import type { ProviderResponse } from './provider-http.js';

/** @throws TypeError `ERR_INVALID_ARG_TYPE` when `value` is not a (non-null) object */
export function assertObject(
  value: unknown,
  name: string,
  expected: string,
): asserts value is object {
  if (typeof value !== 'object' || value === null) {
    throw invalidArgType(name, `an object ${expected}`, value);
  }
}

/** @throws TypeError `ERR_INVALID_ARG_TYPE` when `options.fetch` is given and not a function */
export function assertFetch(fetch: unknown): void {
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw invalidArgType(
      'options.fetch',
      'a fetch-shaped function (url, init) => Promise<Response>',
      fetch,
    );
  }
}

/**
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `response` is not a Response (a status and a
 *   `text()`); a Promise gets told to be awaited
 */
export function assertProviderResponse(
  response: unknown,
  request: string,
): asserts response is ProviderResponse {
  const candidate = response as Partial<Record<'status' | 'text' | 'then', unknown>> | null;
  if (typeof candidate === 'object' && candidate !== null) {
    if (typeof candidate.status === 'number' && typeof candidate.text === 'function') return;
    if (typeof candidate.then === 'function') {
      throw invalidArgType(
        'response',
        `the Response ${request} resolved with, not the Promise (await it: process…Response(await ${request}(…)))`,
        response,
      );
    }
  }
  throw invalidArgType('response', `the Response ${request} resolved with`, response);
}

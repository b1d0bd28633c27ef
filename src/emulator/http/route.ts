/**
 * A route of the emulator's one origin, which serves the OAuth, REST, stream and admin paths.
 */
import type { CannedResponse } from './canned-response.js';
import type { Exchange } from './exchange.js';

/** One endpoint. */
export interface Route {
  readonly methods: readonly string[];
  /** The exact path, or a pattern for paths with an id in them. */
  readonly path: string | RegExp;
  /** Only loopback clients may call it (the `/_emulator/` admin endpoints). */
  readonly loopbackOnly?: boolean;
  /** Returns the response to send, or nothing when the handler answered itself (streams). */
  readonly handle: (exchange: Exchange) => Promise<CannedResponse | undefined>;
}

/** Whether a route serves this path. */
export function routeMatches(route: Route, path: string): boolean {
  return typeof route.path === 'string' ? route.path === path : route.path.test(path);
}

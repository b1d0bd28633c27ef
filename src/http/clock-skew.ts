/**
 * Clock skew between this machine and a server, read from the server's `Date` header: a 401 on
 * a signed request is often an out-of-window `oauth_timestamp` ("Connecting to a streaming
 * endpoint", HTTP error codes: 401 "Out-of-sync timestamp in your OAuth request").
 */

/** Skew at which a 401 is blamed on the clock: the `Date` header has 1 s resolution. */
export const CLOCK_SKEW_THRESHOLD_MS = 30_000;

/**
 * How far the server's clock is ahead of ours (negative: behind), in ms.
 *
 * @param dateHeader - the response's `Date` header (RFC 9110 §6.6.1 HTTP-date)
 * @param now - our clock when the response arrived, ms since the epoch
 * @returns undefined when the header is missing or unreadable
 */
export function clockSkewMs(dateHeader: string | undefined, now: number): number | undefined {
  if (dateHeader === undefined) return undefined;
  const serverTime = Date.parse(dateHeader);
  return Number.isNaN(serverTime) ? undefined : serverTime - now;
}

/** "the server's clock is 412 s ahead of this machine's", or undefined under the threshold. */
export function describeClockSkew(skewMs: number | undefined): string | undefined {
  if (skewMs === undefined || Math.abs(skewMs) < CLOCK_SKEW_THRESHOLD_MS) return undefined;
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  return `the server's clock is ${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} this machine's`;
}

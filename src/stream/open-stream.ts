/**
 * The stream engine's entry point.
 */
import type { RawStreamMessage, StreamMessage } from '../messages/types.js';
import { resolveStreamOptions } from './resolve-options.js';
import { StreamClientImpl } from './stream-client.js';
import type { StreamClient, StreamOptions } from './types.js';

/**
 * Makes a stream client. Nothing connects until the first iteration; then the client connects,
 * delivers every message, and reconnects after failures following the documented backoff, until
 * stopped or refused.
 *
 * @example
 * ```ts
 * const stream = openStream({
 *   url: 'https://stream.twitter.com/1.1/statuses/filter.json',
 *   auth: { type: 'oauth1', credentials },
 *   parameters: { track: ['twitter'] },
 *   signal: AbortSignal.timeout(60_000),
 * });
 * stream.on('backoff', (event) => console.error(`retrying in ${event.delayMs} ms: ${event.reason}`));
 * for await (const message of stream) if (message.kind === 'tweet') console.log(message.data.text);
 * ```
 *
 * @param options - where to connect and how; see {@link StreamOptions}
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` for a malformed option
 * @throws SpritzerError `ERR_STREAM_FILTER_INVALID` for parameters the service would refuse
 *   (406/413): a track phrase outside 1–60 bytes, over 400 phrases, 5,000 follow ids or 25 boxes,
 *   a box not south-west first or out of range
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
export function openStream(
  options: StreamOptions & { readonly raw: true },
): StreamClient<RawStreamMessage>;
export function openStream(options: StreamOptions & { readonly raw?: false }): StreamClient;
export function openStream(options: StreamOptions): StreamClient | StreamClient<RawStreamMessage>;
export function openStream(options: StreamOptions): StreamClient | StreamClient<RawStreamMessage> {
  const resolved = resolveStreamOptions(options);
  return resolved.raw
    ? new StreamClientImpl<RawStreamMessage>(resolved)
    : new StreamClientImpl<StreamMessage>(resolved);
}

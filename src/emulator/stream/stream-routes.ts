/**
 * `GET|POST /1.1/statuses/filter.json` and `GET|POST /1.1/statuses/sample.json`.
 *
 * Each request is a connection attempt, numbered and timestamped in the stats, and handled in
 * this order: a `refuse` fault for the attempt; the connection rate limit (420); the OAuth
 * signature (401, the stream host's Jetty page); the parameters (406/413/416); then the stream.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
import { parseAuthorizationHeader } from '../../oauth1/index.js';
import { jettyErrorResponse, type CannedResponse } from '../http/canned-response.js';
import type { Exchange } from '../http/exchange.js';
import type { Route } from '../http/route.js';
import { rateLimitedResponse, streamRefusal } from '../http/stream-refusals.js';
import { parseStreamParameters, type StreamEndpoint } from '../filter/stream-parameters.js';
import { verifyExchange, type VerificationSettings } from '../provider/verify-exchange.js';
import type { StreamHub } from './stream-hub.js';

/** What the stream endpoints need. */
export interface StreamRouteContext extends VerificationSettings {
  readonly hub: StreamHub;
}

/** The stream endpoints' routes (POST is accepted on both, as clients such as twit send it). */
export function streamRoutes(context: StreamRouteContext): Route[] {
  const endpoints: readonly [string, StreamEndpoint][] = [
    ['/1.1/statuses/filter.json', 'filter'],
    ['/1.1/statuses/sample.json', 'sample'],
  ];
  return endpoints.map(([path, endpoint]) => ({
    methods: ['GET', 'POST'],
    path,
    handle: (exchange: Exchange) => openStream(exchange, context, endpoint),
  }));
}

async function openStream(
  exchange: Exchange,
  context: StreamRouteContext,
  endpoint: StreamEndpoint,
): Promise<CannedResponse | undefined> {
  const { hub } = context;
  const token = requestToken(exchange);
  const attempt = hub.beginAttempt(endpoint, exchange.method, token);
  const refuse = (response: CannedResponse): CannedResponse => {
    hub.finishAttempt(attempt, response.status);
    return response;
  };
  const faults = hub.selectFaults(attempt);
  for (const fault of faults) {
    if (fault.kind === 'refuse') {
      return refuse(streamRefusal(fault.status, exchange.url.pathname, fault.variant));
    }
  }
  const rateKey = token ?? `address ${exchange.request.socket.remoteAddress ?? ''}`;
  if (hub.isRateLimited(rateKey)) return refuse(rateLimitedResponse('calm'));

  const verification = await verifyExchange(exchange, context, 'access');
  if (!verification.ok) {
    const { error } = verification;
    // The stream host answered authentication failures, clock skew included, with its Jetty
    // page (RouxRC/gazouilleur#26); the reason goes in a header for debugging.
    const page =
      error.status === 503
        ? streamRefusal(503, exchange.url.pathname)
        : jettyErrorResponse(401, 'Unauthorized', exchange.url.pathname);
    return refuse({
      ...page,
      headers: {
        'x-spritzer-oauth-problem': error.code,
      },
    });
  }
  const parsed = parseStreamParameters(endpoint, exchange.parameters);
  if (!parsed.ok) return refuse(parsed.refusal);

  const accessToken = context.tokens.accessToken(verification.verified.token ?? '');
  hub.open({
    attempt,
    token: verification.verified.token ?? '',
    screenName: accessToken?.user.screenName ?? '',
    parameters: parsed.parameters,
    response: exchange.response,
    gzip: acceptsGzip(exchange.request.headers['accept-encoding']),
    faults,
  });
  hub.finishAttempt(attempt, 200);
  return undefined;
}

/** The `oauth_token` the request names, for the stats and the rate limit; never verified here. */
function requestToken(exchange: Exchange): string | null {
  const header = exchange.request.headers.authorization;
  if (header !== undefined && /^\s*oauth\s/iu.test(header)) {
    try {
      const parameter = parseAuthorizationHeader(header).parameters.find(
        ([name]) => name === 'oauth_token',
      );
      if (parameter) return parameter[1];
    } catch {
      return null;
    }
  }
  return exchange.parameters.get('oauth_token');
}

/** Whether `Accept-Encoding` allows gzip (RFC 9110 §12.5.3; `q=0` refuses it). */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((item) => {
    const [coding = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

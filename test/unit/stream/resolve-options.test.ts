import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStream } from '../../../src/stream/open-stream.js';
import { encodeStreamParameters } from '../../../src/stream/stream-parameters.js';

const bearer = { type: 'bearer', token: 'AAAA' } as const;
const url = 'https://stream.twitter.com/1.1/statuses/sample.json';

/** openStream as an untyped JavaScript caller sees it. */
const open = (options: unknown) => openStream(options as Parameters<typeof openStream>[0]);

describe('openStream: mistakes of an untyped caller', () => {
  it('refuses an unknown option, naming it and the option it likely meant', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { stallTimeout: 5000 },
        /^The "options\.stallTimeout" argument is not an option of openStream \(did you mean "stallTimeoutMs"\?\); the options are url, auth, parameters, /,
      ],
      [{ params: { track: ['x'] } }, /"options\.params" argument is not an option/],
      [{ maxRetires: 3 }, /\(did you mean "maxRetries"\?\)/],
      [{ abortSignal: AbortSignal.abort() }, /"options\.abortSignal" argument is not an option/],
    ];
    for (const [extra, message] of cases) {
      assert.throws(() => open({ url, auth: bearer, ...extra }), {
        code: 'ERR_INVALID_ARG_VALUE',
        message,
      });
    }
  });

  it('refuses an unknown stream parameter instead of ignoring it', () => {
    assert.throws(() => open({ url, auth: bearer, parameters: { languages: ['en'] } }), {
      code: 'ERR_STREAM_FILTER_INVALID',
      message:
        /^"languages" is not a stream parameter \(did you mean "language"\?\); the parameters are track, follow, /,
    });
    assert.throws(() => encodeStreamParameters(undefined as never, 'sample'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "parameters" argument must be an object such as \{ track: \['cats'\] \}; received type undefined$/,
    });
    assert.throws(() => encodeStreamParameters({ stallWarnings: true } as never, 'sample'), {
      code: 'ERR_STREAM_FILTER_INVALID',
      message: /"stallWarnings" is not a stream parameter \(did you mean "stall_warnings"\?\)/,
    });
  });

  it('refuses a filter predicate on the sample endpoint (it would be ignored)', () => {
    for (const parameters of [{ track: ['coffee'] }, { follow: ['12'] }]) {
      assert.throws(() => open({ url, auth: bearer, parameters }), {
        code: 'ERR_STREAM_FILTER_INVALID',
        message:
          /^statuses\/sample takes no (track|follow): it is a random sample of all public Tweets and would ignore it; to filter, connect to statuses\/filter\.json$/,
      });
    }
    assert.deepEqual(encodeStreamParameters({ language: ['en'] }, 'sample'), [['language', 'en']]);
  });

  it('refuses stream parameters in the URL query, where they would skip the checks', () => {
    assert.throws(
      () =>
        open({
          url: 'https://stream.twitter.com/1.1/statuses/filter.json?track=coffee',
          auth: bearer,
        }),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "options\.url" argument must not carry the stream parameter track in its query; pass it in options\.parameters, where it is checked before connecting$/,
      },
    );
  });

  it('checks the type of every option it keeps, before connecting', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { stallTimeoutMs: '5000' },
        'ERR_INVALID_ARG_TYPE',
        /"options\.stallTimeoutMs" argument must be a positive integer \(a number, not a string\); received type string/,
      ],
      [
        { maxRetries: '3' },
        'ERR_INVALID_ARG_TYPE',
        /"options\.maxRetries" argument must be a non-negative integer or Infinity \(a number, not a string\)/,
      ],
      [
        { compression: 'gzip' },
        'ERR_INVALID_ARG_TYPE',
        /"options\.compression" argument must be true or false; received type string/,
      ],
      [
        { raw: 1 },
        'ERR_INVALID_ARG_TYPE',
        /"options\.raw" argument must be true or false; received type number/,
      ],
      [
        { ca: 5 },
        'ERR_INVALID_ARG_TYPE',
        /"options\.ca" argument must be a PEM certificate as a string or a Buffer/,
      ],
      [
        { ca: '/tmp/emulator-cert.pem' },
        'ERR_INVALID_ARG_VALUE',
        /"options\.ca" argument must be the certificate itself in PEM \(-----BEGIN CERTIFICATE-----…\), not a path or DER: pass readFileSync\(path\)/,
      ],
      [
        { ca: Buffer.from([0x30, 0x82]) },
        'ERR_INVALID_ARG_VALUE',
        /"options\.ca" argument must be the certificate itself in PEM/,
      ],
      [{ userAgent: 42 }, 'ERR_INVALID_ARG_TYPE', /"options\.userAgent" argument must be a string/],
      [
        { userAgent: 'a\r\nX-Evil: 1' },
        'ERR_INVALID_ARG_VALUE',
        /"options\.userAgent" argument must be one non-empty line/,
      ],
      [
        { signal: 5 },
        'ERR_INVALID_ARG_TYPE',
        /"options\.signal" argument must be an AbortSignal .*; received type number/,
      ],
      [
        { signal: new AbortController() },
        'ERR_INVALID_ARG_TYPE',
        /"options\.signal" argument must be an AbortSignal/,
      ],
      [{ onEvent: {} }, 'ERR_INVALID_ARG_TYPE', /"options\.onEvent" argument must be a function/],
      [{ random: 0.5 }, 'ERR_INVALID_ARG_TYPE', /"options\.random" argument must be a function/],
      [
        { timers: { now: Date.now } },
        'ERR_INVALID_ARG_TYPE',
        /"options\.timers\.setTimeout" argument must be a function/,
      ],
    ];
    for (const [extra, code, message] of cases) {
      assert.throws(
        () => open({ url, auth: bearer, ...extra }),
        { code, message },
        JSON.stringify(Object.keys(extra)),
      );
    }
  });

  it('accepts every documented option with a value of its type', () => {
    const stream = open({
      url: new URL(url),
      auth: bearer,
      parameters: { language: ['en'], stall_warnings: true, delimited: 'length' },
      method: 'GET',
      raw: true,
      compression: false,
      ca: Buffer.from('-----BEGIN CERTIFICATE-----\nnot read before connecting\n'),
      userAgent: 'my-app/1.0',
      stallTimeoutMs: 1000,
      stableIntervalMs: 1000,
      maxMessageBytes: 1024,
      maxQueuedMessages: 10,
      maxQueuedBytes: 1024,
      maxRetries: Number.POSITIVE_INFINITY,
      signal: new AbortController().signal,
      timers: { now: Date.now, setTimeout, clearTimeout },
      random: Math.random,
      onEvent: () => undefined,
    });
    assert.equal(stream.state, 'idle');
    stream.stop();
  });

  it('names options.auth.signOptions when the signer refuses a signing option', () => {
    const credentials = { consumerKey: 'k', consumerSecret: 's' };
    assert.throws(
      () =>
        open({
          url,
          auth: { type: 'oauth1', credentials, signOptions: { signature_method: 'PLAINTEXT' } },
        }),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "options\.auth\.signOptions\.signature_method" argument is not a signing option; did you mean signatureMethod\?/,
      },
    );
    assert.throws(
      () => open({ url, auth: { type: 'oauth1', credentials, signOptions: 'HMAC-SHA256' } }),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "options\.auth\.signOptions" argument must be an object; received type string/,
      },
    );
  });

  it('on() refuses an event type that does not exist and a listener that is not a function', () => {
    const stream = open({ url, auth: bearer });
    assert.throws(() => stream.on('tweet' as never, () => undefined), {
      code: 'ERR_INVALID_ARG_VALUE',
      message:
        /^The "type" argument must be a stream event type: connecting, connected, message, .*; received "tweet" \(messages come from iterating the client/,
    });
    assert.throws(() => stream.on('error', undefined as never), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "listener" argument must be a function \(event\) => void; received type undefined/,
    });
    stream.stop();
  });
});

/**
 * HMAC-SHA1 signatures per second for a filter-stream request
 * (`POST https://stream.twitter.com/1.1/statuses/filter.json`, `track=twitter,javascript,"hello world"`,
 * `follow=12,13`), next to a baseline measured in the same run: a minimal node:crypto signer
 * (encodeURIComponent + replace for `!'()*`, sort, join, createHmac, and the Authorization
 * header, which is what a signer hands over). Both get the same fixed nonce and timestamp.
 *
 * Also shown, against the same baseline: signRequest with its own random nonce and clock (what
 * the stream engine does), and the npm signers oauth-1.0a (authorize + toHeader) and oauth-sign
 * (hmacsign, no header).
 *
 *   npm run bench -- oauth1-sign
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { signRequest } from '../src/oauth1/index.js';

const roundMs = 1500;
const rounds = 5;

const url = 'https://stream.twitter.com/1.1/statuses/filter.json';
const form: [string, string][] = [
  ['track', 'twitter,javascript,"hello world"'],
  ['follow', '12,13'],
];
const credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const nonce = 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg';
const timestamp = 1318622958;

/** The baseline's encoder: RFC 3986 via encodeURIComponent plus the five characters it skips. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The minimal node:crypto signer the issue names as the baseline. */
function baselineSign(nonceValue: string, timestampSec: number): string {
  const oauth: [string, string][] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', nonceValue],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(timestampSec)],
    ['oauth_token', credentials.token],
    ['oauth_version', '1.0'],
  ];
  const encoded = [...form, ...oauth].map(([name, value]): [string, string] => [
    encode(name),
    encode(value),
  ]);
  encoded.sort(([a, b], [c, d]) => (a < c ? -1 : a > c ? 1 : b < d ? -1 : b > d ? 1 : 0));
  const parameters = encoded.map(([name, value]) => `${name}=${value}`).join('&');
  const base = `POST&${encode(url)}&${encode(parameters)}`;
  const key = `${encode(credentials.consumerSecret)}&${encode(credentials.tokenSecret)}`;
  const signature = createHmac('sha1', key).update(base).digest('base64');
  oauth.push(['oauth_signature', signature]);
  oauth.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `OAuth ${oauth.map(([name, value]) => `${encode(name)}="${encode(value)}"`).join(', ')}`;
}

const require = createRequire(import.meta.url);
type OAuth10a = (options: object) => {
  authorize(request: object, token: object): object;
  toHeader(data: object): { Authorization: string };
};
const oauth10a = (require('oauth-1.0a') as OAuth10a)({
  consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
  signature_method: 'HMAC-SHA1',
  hash_function: (base: string, key: string) =>
    createHmac('sha1', key).update(base).digest('base64'),
});
Object.assign(oauth10a, { getNonce: () => nonce, getTimeStamp: () => timestamp });
const oauthSign = require('oauth-sign') as {
  hmacsign(method: string, uri: string, params: object, cs: string, ts: string): string;
};

const candidates: Record<string, () => string> = {
  'baseline (node:crypto, minimal)': () => baselineSign(nonce, timestamp),
  'spritzer signRequest': () =>
    signRequest({ method: 'POST', url, form }, credentials, { nonce, timestamp }).authorization,
  'spritzer signRequest, random nonce + clock': () =>
    signRequest({ method: 'POST', url, form }, credentials).authorization,
  'npm oauth-1.0a (authorize + toHeader)': () =>
    oauth10a.toHeader(
      oauth10a.authorize(
        { url, method: 'POST', data: Object.fromEntries(form) },
        { key: credentials.token, secret: credentials.tokenSecret },
      ),
    ).Authorization,
  'npm oauth-sign (hmacsign, no header)': () =>
    oauthSign.hmacsign(
      'POST',
      url,
      {
        ...Object.fromEntries(form),
        oauth_consumer_key: credentials.consumerKey,
        oauth_nonce: nonce,
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: String(timestamp),
        oauth_token: credentials.token,
        oauth_version: '1.0',
      },
      credentials.consumerSecret,
      credentials.tokenSecret,
    ),
};

// Same output first: the comparison is only fair if both produce the same header.
const expected = baselineSign(nonce, timestamp);
const ours = candidates['spritzer signRequest']?.();
if (ours !== expected)
  throw new Error(`signRequest differs from the baseline:\n${ours}\n${expected}`);

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Calls `sign` until `roundMs` of CPU time has passed; returns signatures per second. */
function measure(sign: () => string): number {
  const start = cpuMs();
  let count = 0;
  let elapsed = 0;
  let sink = 0;
  do {
    for (let index = 0; index < 500; index += 1) sink += sign().length;
    count += 500;
    elapsed = cpuMs() - start;
  } while (elapsed < roundMs);
  if (sink === 0) throw new Error('nothing was signed');
  return (count * 1000) / elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

// Warm up every candidate, then interleave the rounds so machine noise hits all alike.
for (const sign of Object.values(candidates)) measure(sign);
const perRound: Record<string, number[]> = {};
const ratios: Record<string, number[]> = {};
for (let round = 0; round < rounds; round += 1) {
  const baseline = measure(candidates['baseline (node:crypto, minimal)'] ?? (() => ''));
  for (const [name, sign] of Object.entries(candidates)) {
    const rate = name.startsWith('baseline') ? baseline : measure(sign);
    (perRound[name] ??= []).push(rate);
    (ratios[name] ??= []).push(rate / baseline);
  }
}

console.log(
  `HMAC-SHA1, filter-stream request, ${rounds} rounds of ${roundMs} ms CPU (median; ratio to the baseline of the same round)`,
);
for (const name of Object.keys(candidates)) {
  const rate = median(perRound[name] ?? []);
  const ratio = median(ratios[name] ?? []);
  const spread = (ratios[name] ?? []).map((value) => value.toFixed(2)).join(' ');
  console.log(
    `  ${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} signatures/s  ${ratio.toFixed(2)}×  (rounds: ${spread})`,
  );
}

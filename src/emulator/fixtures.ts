/**
 * The emulator's fixture app and fixture user: deterministic for a seed, so a test or a demo
 * gets the same credentials every run. They are local fixtures, not secrets of a real service.
 */
import { createHash } from 'node:crypto';
import type { ServiceUser } from './provider/token-store.js';
import type { EmulatorFixtures, EmulatorOptions } from './types.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The fixture user unless overridden: a snowflake-era id (above 2^53, to exercise precision). */
const defaultUser: ServiceUser = {
  userId: '1400000000000000001',
  screenName: 'spritzer_dev',
  name: 'Spritzer Developer',
};

/** Fixture credentials for a seed, with the caller's overrides applied. */
export function makeFixtures(
  seed: number,
  overrides: EmulatorOptions['fixtures'] = {},
): { fixtures: EmulatorFixtures; user: ServiceUser } {
  const user: ServiceUser = {
    userId: overrides.userId ?? defaultUser.userId,
    screenName: overrides.screenName ?? defaultUser.screenName,
    name: overrides.name ?? defaultUser.name,
  };
  // Lengths as Twitter issued them: 25-character consumer keys, 50-character secrets, access
  // tokens of "<user id>-" and 40 characters, 45-character token secrets.
  const fixtures: EmulatorFixtures = {
    consumerKey: overrides.consumerKey ?? derive(seed, 'consumer key', 25),
    consumerSecret: overrides.consumerSecret ?? derive(seed, 'consumer secret', 50),
    accessToken: overrides.accessToken ?? `${user.userId}-${derive(seed, 'access token', 40)}`,
    accessTokenSecret: overrides.accessTokenSecret ?? derive(seed, 'access token secret', 45),
    screenName: user.screenName,
    userId: user.userId,
  };
  return { fixtures, user };
}

function derive(seed: number, purpose: string, length: number): string {
  let text = '';
  for (let block = 0; text.length < length; block += 1) {
    const digest = createHash('sha256')
      .update(`spritzer emulator ${seed} ${purpose} ${block}`)
      .digest();
    for (const byte of digest) {
      // Rejection sampling keeps the characters uniform (248 = 4 × 62).
      if (byte < 248 && text.length < length) text += alphabet.charAt(byte % alphabet.length);
    }
  }
  return text;
}

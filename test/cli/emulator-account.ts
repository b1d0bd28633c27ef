/**
 * For the stream, request and demo CLI tests: an emulator in the test process, and temp HOMEs
 * whose credential store holds a profile for it (as `spritzer authorize` would have saved).
 */
import { join } from 'node:path';
import { runAuthorizationFlow } from '../../src/cli/authorization-flow.js';
import { submitAuthorizePage } from '../../src/cli/authorize-page-form.js';
import { resolveProvider } from '../../src/cli/config.js';
import { FlowNarrator } from '../../src/cli/flow-narrator.js';
import { CredentialStore } from '../../src/credentials/store.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { makeTempDir } from '../support/cli.js';

/** A temp HOME whose default profile is `name`, holding the given token for the emulator. */
export async function homeWithProfile(
  emulator: RunningEmulator,
  token: { token: string; tokenSecret: string } = {
    token: emulator.fixtures.accessToken,
    tokenSecret: emulator.fixtures.accessTokenSecret,
  },
  name = 'spritzer_dev',
): Promise<string> {
  const home = makeTempDir('spritzer-home-');
  await new CredentialStore(join(home, '.config', 'spritzer')).save({
    name,
    provider: resolveProvider([{ provider: 'emulator', apiUrl: emulator.url }]),
    consumerKey: emulator.fixtures.consumerKey,
    consumerSecret: emulator.fixtures.consumerSecret,
    accessToken: token.token,
    accessTokenSecret: token.tokenSecret,
    userId: emulator.fixtures.userId,
    screenName: emulator.fixtures.screenName,
    createdAt: new Date().toISOString(),
  });
  return home;
}

/** A fresh token of the fixture user, through the real 3-legged flow (so it can be revoked alone). */
export async function freshToken(
  emulator: RunningEmulator,
): Promise<{ token: string; tokenSecret: string }> {
  const result = await runAuthorizationFlow({
    provider: resolveProvider([{ provider: 'emulator', apiUrl: emulator.url }]),
    consumer: {
      consumerKey: emulator.fixtures.consumerKey,
      consumerSecret: emulator.fixtures.consumerSecret,
    },
    callback: 'oob',
    narrator: new FlowNarrator(undefined),
    approve: async (url) => {
      const outcome = await submitAuthorizePage(url, { decision: 'allow' });
      if (outcome.kind !== 'pin') throw new Error(`expected a PIN page, got ${outcome.kind}`);
      return outcome.pin;
    },
  });
  return { token: result.token, tokenSecret: result.tokenSecret };
}

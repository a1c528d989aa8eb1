/**
 * Chromium's built-in virtual authenticator, over the DevTools protocol: a platform passkey
 * (ctap2, internal, resident keys, user verification that always succeeds) that answers
 * `navigator.credentials.create/get` without a person touching anything.
 *
 * With automatic presence on, it also answers a conditional request (passkey autofill) the
 * moment the page makes it, with its first passkey for the site, as if the person had picked
 * it from the username field's suggestions (headless Chromium shows no suggestions to pick
 * from). With it off, a conditional request stays pending, as in a browser where nobody has
 * picked anything yet; turning it on later answers only requests made after that. Tests that
 * open a login page with autofill, to do something else there, turn it off first.
 */
import type { Page } from 'playwright-core';

export interface VirtualAuthenticator {
  credentials(): Promise<unknown[]>;
  /** Whether it answers by itself (a person's touch, or picking a passkey from autofill). */
  automaticPresence(enabled: boolean): Promise<void>;
}

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
    async automaticPresence(enabled) {
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
    },
  };
}

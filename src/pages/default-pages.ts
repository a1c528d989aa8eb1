import { renderDevicesPage } from './devices-page.js';
import { renderMessagePage } from './message-page.js';
import { renderPromptPage } from './prompt-page.js';
import { renderRecoveryCodesPage } from './recovery-codes-page.js';
import { renderReverifyPage } from './reverify-page.js';
import { renderSettingsPage } from './settings-page.js';
import { renderSetupChoicePage } from './setup-choice-page.js';
import { renderSetupContactPage } from './setup-contact-page.js';
import { renderSetupTotpPage } from './setup-totp-page.js';
import { renderSetupWebAuthnPage } from './setup-webauthn-page.js';
import type { PageRenderers } from './types.js';
import { renderVerifyPage } from './verify-page.js';

export const defaultPages: PageRenderers = {
  verify: renderVerifyPage,
  setup: renderSetupChoicePage,
  devices: renderDevicesPage,
  setupTotp: renderSetupTotpPage,
  setupContact: renderSetupContactPage,
  setupWebAuthn: renderSetupWebAuthnPage,
  settings: renderSettingsPage,
  message: renderMessagePage,
  recoveryCodes: renderRecoveryCodesPage,
  reverify: renderReverifyPage,
  prompt: renderPromptPage,
};

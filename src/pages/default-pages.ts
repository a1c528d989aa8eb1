import { renderAdminConfirmPage } from './admin-confirm-page.js';
import { renderAdminHistoryPage } from './admin-history-page.js';
import { renderAdminHomePage } from './admin-home-page.js';
import { renderAdminSettingsPage } from './admin-settings-page.js';
import { renderAdminUserPage } from './admin-user-page.js';
import { renderAdminUsersPage } from './admin-users-page.js';
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
  adminHome: renderAdminHomePage,
  adminSettings: renderAdminSettingsPage,
  adminHistory: renderAdminHistoryPage,
  adminUsers: renderAdminUsersPage,
  adminUser: renderAdminUserPage,
  adminConfirm: renderAdminConfirmPage,
};

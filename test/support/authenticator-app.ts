/**
 * What the user's phone does: computes the TOTP code from the setup key shown on the page,
 * with otplib directly rather than twostep's own code, so a bug there cannot hide itself.
 */
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync, ScureBase32Plugin } from 'otplib';
import type { Page } from 'playwright-core';

const crypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();

/** The setup key as the page shows it (groups of 4), as one base32 string. */
export async function readSetupKey(page: Page): Promise<string> {
  const shown = await page.locator('#setup-key').textContent();
  const key = (shown ?? '').replace(/\s+/g, '');
  if (!/^[A-Z2-7]{16,}$/.test(key)) throw new Error(`no setup key on the page: ${JSON.stringify(shown)}`);
  return key;
}

export function appCode(setupKey: string, nowMs: number): string {
  return generateSync({ secret: setupKey, epoch: Math.floor(nowMs / 1000), crypto, base32 });
}

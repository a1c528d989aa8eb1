/**
 * The signed-in record in the words other systems read (`twoStep.claims(req)`): RFC 8176
 * `amr` values, a NIST SP 800-63B assurance level as `acr`, and `authTime`, for an app that
 * issues OpenID Connect tokens or tells an identity provider how its user signed in. Each
 * factor's words are its unit's (`standard` in `methods/*-method.ts`); this file only adds
 * them up. The table and the reasons are in docs/standard-claims.md.
 */
import { FACTOR_UNITS } from '../methods/method-units.js';
import type { Assurance } from './assurance.js';

/**
 * Login.gov's names for the NIST SP 800-63-3 levels (developers.login.gov/oidc/authorization),
 * the published `acr` values for AAL terms. AAL3 is never claimed: it needs a hardware
 * authenticator shown by attestation, which twostep does not check.
 */
export const ACR_AAL1 = 'http://idmanagement.gov/ns/assurance/aal/1';
export const ACR_AAL2 = 'http://idmanagement.gov/ns/assurance/aal/2';
export const ACR_AAL2_PHISHING_RESISTANT = 'http://idmanagement.gov/ns/assurance/aal/2?phishing_resistant=true';

export interface StandardClaims {
  /** RFC 8176 values, each once, in the order the factors were recorded. */
  amr: string[];
  acr: string;
  /** When the user last proved who they are: seconds since the epoch (OpenID Connect `auth_time`). */
  authTime: number;
}

const UNIT_BY_AMR = new Map(FACTOR_UNITS.map((unit) => [unit.amr, unit]));

/**
 * The claims for a signed-in record, or null for one that does not say when it was made (a
 * session from before twostep kept that). 'ip' and 'device' name no method: a trusted network
 * or a remembered browser is where and which browser, not who, so those sessions are the
 * password's alone.
 */
export function standardClaims(assurance: Assurance): StandardClaims | null {
  const instant = assurance.verifiedAt ?? assurance.signedInAt ?? assurance.issuedAt;
  if (typeof instant !== 'number') return null;
  const amr = new Set<string>();
  let factors = 0;
  let phishingResistant = false;
  for (const entry of assurance.amr) {
    if (entry === 'pwd') {
      amr.add('pwd');
      factors += 1;
      continue;
    }
    const unit = UNIT_BY_AMR.get(entry);
    if (!unit) continue;
    const standard = unit.standard(assurance.passkey);
    for (const value of standard.amr) amr.add(value);
    factors += standard.factors;
    phishingResistant ||= unit.phishingResistant;
  }
  // RFC 8176 'mfa': two of NIST's factors actually used, never a skip.
  const multiFactor = factors >= 2;
  if (multiFactor) amr.add('mfa');
  const acr = !multiFactor ? ACR_AAL1 : phishingResistant ? ACR_AAL2_PHISHING_RESISTANT : ACR_AAL2;
  return { amr: [...amr], acr, authTime: Math.floor(instant / 1000) };
}

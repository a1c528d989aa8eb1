/**
 * The browser's answer (`PublicKeyCredential.toJSON()` shape), read strictly before anything
 * is looked up, compared or counted: a malformed body is a 400 that costs no attempt and
 * spends no challenge. A form sends it as one JSON string field; an API as an object.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { TwoStepError } from '../errors.js';

/** Generous for any real authenticator (RSA-4096 attestation included), small enough to refuse junk. */
const MAX_FIELD_CHARS = 16_384;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

function refuse(detail: string): never {
  throw new TwoStepError('invalid_request', `\`credential\` must be the passkey's answer as the browser gives it (PublicKeyCredential JSON): ${detail}.`);
}

function objectOf(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.length > MAX_FIELD_CHARS * 4) refuse('it is too long');
    try {
      parsed = JSON.parse(value);
    } catch {
      refuse('it is not JSON');
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) refuse('it is missing or not an object');
  return parsed as Record<string, unknown>;
}

function base64url(record: Record<string, unknown>, field: string, path: string, optional = false): string | undefined {
  const value = record[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD_CHARS || !BASE64URL.test(value)) {
    refuse(`\`${path}\` must be a base64url string`);
  }
  return value;
}

function common(value: unknown) {
  const credential = objectOf(value);
  const id = base64url(credential, 'id', 'id')!;
  const rawId = base64url(credential, 'rawId', 'rawId')!;
  if (credential.type !== 'public-key') refuse('`type` must be "public-key"');
  const response = credential.response;
  if (response === null || typeof response !== 'object' || Array.isArray(response)) refuse('`response` must be an object');
  const r = response as Record<string, unknown>;
  const clientDataJSON = base64url(r, 'clientDataJSON', 'response.clientDataJSON')!;
  const attachment = credential.authenticatorAttachment;
  const authenticatorAttachment: 'platform' | 'cross-platform' | undefined = attachment === 'platform' || attachment === 'cross-platform' ? attachment : undefined;
  return { id, rawId, r, clientDataJSON, authenticatorAttachment };
}

/** The part every parsed answer shares: never the client's extension results, only what we checked. */
function credentialShell({ id, rawId, authenticatorAttachment }: { id: string; rawId: string; authenticatorAttachment: 'platform' | 'cross-platform' | undefined }) {
  return {
    id,
    rawId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    ...(authenticatorAttachment ? { authenticatorAttachment } : {}),
  };
}

export function parseAuthenticationResponse(value: unknown): AuthenticationResponseJSON {
  const { r, clientDataJSON, ...shell } = common(value);
  const userHandle = r.userHandle === null ? undefined : base64url(r, 'userHandle', 'response.userHandle', true);
  return {
    ...credentialShell(shell),
    response: {
      clientDataJSON,
      authenticatorData: base64url(r, 'authenticatorData', 'response.authenticatorData')!,
      signature: base64url(r, 'signature', 'response.signature')!,
      ...(userHandle === undefined ? {} : { userHandle }),
    },
  };
}

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

export function parseRegistrationResponse(value: unknown): RegistrationResponseJSON {
  const { r, clientDataJSON, ...shell } = common(value);
  const transports = Array.isArray(r.transports)
    ? r.transports.filter((t): t is string => typeof t === 'string' && TRANSPORTS.has(t)).slice(0, 8)
    : [];
  return {
    ...credentialShell(shell),
    response: {
      clientDataJSON,
      attestationObject: base64url(r, 'attestationObject', 'response.attestationObject')!,
      transports: transports as RegistrationResponseJSON['response']['transports'],
    },
  };
}

/** A passkey's name as the user typed it ("YubiKey 5", "This iPhone"): trimmed, 1–64 characters, no control characters. */
export function parsePasskeyName(value: unknown, fallback?: string): string {
  if ((value === undefined || value === '') && fallback !== undefined) return fallback;
  const name = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (name.length === 0 || name.length > 64 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new TwoStepError('invalid_request', '`name` must be 1 to 64 characters, like "YubiKey 5" or "This iPhone".');
  }
  return name;
}

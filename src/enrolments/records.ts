/**
 * The long-lived records: a user's enrolment and the methods in it. They are kept by the
 * enrolment store (`./types.ts`) and read by every layer above it; the counters store never
 * holds them.
 */
export type MethodType = 'totp' | 'email' | 'sms' | 'webauthn';

export interface EnrolledMethod {
  /** Random, URL-safe, unique within the user. */
  id: string;
  type: MethodType;
  /** What people see: "Authenticator app", "a•••@example.com", "+44 •••• ••1234". */
  label: string;
  /**
   * The name the user gave it ("Work phone"), shown instead of the type's own words; absent
   * until they rename it. Every type can be renamed (`PATCH {mountPath}/methods/:id`).
   */
  name?: string;
  /**
   * Which of its type it is, fixed when it was set up: the second authenticator app is
   * "Authenticator app 2" until renamed, and stays 2 when the first is removed.
   */
  number?: number;
  primary: boolean;
  /** A method is usable for sign-in only once its first code has been confirmed. */
  confirmed: boolean;
  createdAt: number;
  /** Unconfirmed methods are dropped after this instant (epoch ms). */
  pendingUntil?: number;
  /**
   * Unconfirmed methods only: keyed hash of the setup key of the session that started the
   * setup (`core/setup-owner.ts`); only that session may fetch its options or confirm it.
   * Dropped once the method is confirmed.
   */
  setupOwner?: string;
  /** TOTP only: the secret, sealed with AES-256-GCM (see `crypto/secret-box.ts`). */
  sealedSecret?: string;
  /**
   * TOTP only: how this app makes its codes, as set up (the `totp` option then). Absent for
   * SHA1 / 6 digits / 30 s, which is every app set up before the option existed.
   */
  totp?: { algorithm: 'SHA1' | 'SHA256' | 'SHA512'; digits: 6 | 8; periodSeconds: number };
  /** Email address or E.164 phone number the codes are sent to. */
  address?: string;
  /** WebAuthn only: the credential (public, so not sealed); `label` is its user-editable name. */
  webauthn?: WebAuthnCredentialRecord;
}

/** A passkey or security key as registered. Binary values are base64url. */
export interface WebAuthnCredentialRecord {
  /** Credential id; set at registration, empty while the method waits for it. */
  credentialId: string;
  /** COSE public key. */
  publicKey: string;
  /** Signature counter; only ever moves forward (0 when the authenticator keeps none). */
  counter: number;
  /** How the browser may reach it ('usb', 'nfc', 'internal', 'hybrid', ...). */
  transports: string[];
  /** 'multiDevice' for a synced passkey, 'singleDevice' for a security key. */
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  /** The authenticator model, when it says (all zeros otherwise). */
  aaguid?: string;
  /** Epoch ms of the last successful assertion. */
  lastUsedAt?: number;
}

export interface Enrolment {
  /** 2FA is on for this user: every sign-in needs a second factor. */
  enabled: boolean;
  methods: EnrolledMethod[];
  /** The user chose "Don't show again" on the setup prompt. */
  promptDismissed?: boolean;
  /** An administrator reset the user and asked for setup at the next sign-in. */
  setupRequired?: boolean;
  /**
   * Epoch ms of the first sign-in at which an organisation's settings required the user
   * while they had no method: their grace period (`graceDays`) counts from here.
   */
  requiredSince?: number;
  updatedAt: number;
}

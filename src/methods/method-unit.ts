/**
 * A method type as one unit: what it proves, how it is answered, how it is named, and —
 * for one that codes are sent to — where the codes go. Each type declares this once, in its
 * own module (`totp-method.ts`, `email-method.ts`, `sms-method.ts`, `webauthn-method.ts`,
 * `recovery-method.ts`); the core, the routes and the view models ask the unit
 * (`method-units.ts`) instead of testing the type. The work an answer needs (a TOTP
 * comparison, a sent code, a passkey assertion) lives in the core, one function per kind
 * of answer, so a new method of a known kind (a voice call, say) is only its unit.
 */
import type { CountryCode } from 'libphonenumber-js';

/**
 * How a challenge is answered: a code the user's own app makes, a code sent to them, the
 * browser's passkey assertion, or one of the printed recovery codes.
 */
export type AnswerKind = 'app-code' | 'sent-code' | 'passkey' | 'recovery-code';

/** For a method the codes are sent to: the address it holds and the channel that carries them. */
export interface ContactFacts {
  /** The `delivery` sender the codes go through. */
  readonly channel: 'email' | 'sms';
  /** What the address is called in a message: "email address", "phone number". */
  readonly addressName: string;
  /** "Sending codes by …": "email", "text message". */
  readonly sentBy: string;
  /** The body field a setup request names the address in. */
  readonly bodyField: 'address' | 'phone';
  /** The `users` callback that knows the user's address, for a setup that names none. */
  readonly fromUser: 'email' | 'phone';
  /** The refusal when no address was given and the app knows none. */
  readonly missingAddress: string;
  /** Validates and normalises a typed address (`400 invalid_request` otherwise). */
  parse(value: unknown, defaultCountry: CountryCode | undefined): string;
  /** The address as people see it on a page ("a•••@example.com"). */
  mask(address: string): string;
}

/**
 * What a passkey's assertion told about the key, kept in the session for `twoStep.claims`:
 * whether it may be copied to other devices (a synced passkey: backup eligible) and whether
 * the authenticator checked the person (PIN, fingerprint, face).
 */
export interface PasskeyFacts {
  readonly synced: boolean;
  readonly userVerified: boolean;
}

/**
 * A factor in the standards' words, for `twoStep.claims` (docs/standard-claims.md): its
 * RFC 8176 `amr` values, and how many of NIST SP 800-63B's authentication factors it proves
 * beside the password (0: not a second factor there; 2: a multi-factor authenticator).
 */
export interface StandardFactor {
  readonly amr: readonly string[];
  readonly factors: 0 | 1 | 2;
}

export interface MethodUnit<Type extends string = string> {
  readonly type: Type;
  /** The `amr` entry (RFC 8176) a verification with it records: the type, except a passkey's 'hwk'. */
  readonly amr: string;
  /** Bound to the site's origin by the authenticator: a phishing page cannot relay it. */
  readonly phishingResistant: boolean;
  /** The factor in RFC 8176 and NIST SP 800-63B terms; a passkey's depends on the key (`passkey`, absent for a session from before it was kept). */
  standard(passkey: PasskeyFacts | undefined): StandardFactor;
  readonly answer: AnswerKind;
  /** Named in a refusal of the organisation's `allowedMethods` ("an authenticator app"). */
  readonly allowedName: string;
  /** The option a site sets to offer it at all (passkeys need `webauthn`); offered everywhere when absent. */
  readonly enabledBy?: 'webauthn';
  /** For a method codes are sent to. */
  readonly contact?: ContactFacts;
  /** Why no code is sent to a method that makes or needs none, when someone asks for one. */
  readonly sendsNoCode?: string;
}

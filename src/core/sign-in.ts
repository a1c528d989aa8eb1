/**
 * The signed-in record (`req.session.twoStep`, an `Assurance`), built, stamped and announced
 * in one place, whichever road led there: no second factor needed, a trusted network or
 * device, a code or passkey at the challenge, a method just confirmed in setup, a password-less
 * passkey sign-in, a re-verification. The HTTP layer only keeps what this hands it; what the
 * record says and which event it fires cannot differ between the roads.
 *
 * The event follows the keeping: `keep` stores the record (regenerating and saving the
 * session), and only once it resolved is `verified` emitted, so nothing is announced for a
 * sign-in whose session could not be written.
 */
import type { MethodType } from '../enrolments/records.js';
import { reverifiedWith, signedInWith, type Assurance, type PasskeyFacts } from './assurance.js';
import type { Actor, CoreContext } from './context.js';
import { watchForNewSignIn, type SignInRoad } from './new-sign-in.js';
import { amrOf } from './second-factor-answer.js';

/** A factor that proved the person: a method type, or a recovery code. */
export type ProvedFactor = MethodType | 'recovery';

/** How the user got past the second step. */
export type SignInProof =
  /** The policy asked for no second factor: the password alone. Not announced (nothing was verified). */
  | { kind: 'password-only' }
  /** From a trusted network (`skipNetworks`). */
  | { kind: 'trusted-network' }
  /** A remembered browser (trusted-device cookie). */
  | { kind: 'trusted-device' }
  /** A second factor answered at the challenge (the route or the Passport strategy). */
  | { kind: 'second-factor'; factor: ProvedFactor; verifiedAt: number; passkey?: PasskeyFacts }
  /** A method confirmed in setup proves possession; `method.added` already tells of it. */
  | { kind: 'method-confirmed'; type: MethodType; passkey?: PasskeyFacts }
  /** A password-less passkey sign-in: the authenticator checked the person (both factors). */
  | { kind: 'passkey-sign-in'; verifiedAt: number; passkey: PasskeyFacts };

/** What the user was signed in with: the `amr` entries and the instant, before the stamp. */
export function signedInRecord(userId: string, proof: SignInProof, nowMs: number): Assurance {
  switch (proof.kind) {
    case 'password-only':
      return { userId, amr: ['pwd'], verifiedAt: null, signedInAt: nowMs };
    case 'trusted-network':
      return { userId, amr: ['pwd', 'ip'], verifiedAt: null, signedInAt: nowMs };
    case 'trusted-device':
      return { userId, amr: ['pwd', 'device'], verifiedAt: null, signedInAt: nowMs };
    case 'second-factor':
      return signedInWith(userId, amrOf(proof.factor), proof.verifiedAt, proof.passkey);
    case 'method-confirmed':
      return signedInWith(userId, amrOf(proof.type), nowMs, proof.passkey);
    case 'passkey-sign-in':
      return { userId, amr: [amrOf('webauthn'), 'user'], verifiedAt: proof.verifiedAt, passkey: proof.passkey };
  }
}

/** The `method` of the `verified` event, or undefined where nothing is announced. */
function announcedMethod(proof: SignInProof): MethodType | 'recovery' | 'ip' | 'device' | undefined {
  switch (proof.kind) {
    case 'trusted-network':
      return 'ip';
    case 'trusted-device':
      return 'device';
    case 'second-factor':
      return proof.factor;
    case 'passkey-sign-in':
      return 'webauthn';
    default:
      return undefined;
  }
}

function roadOf(proof: SignInProof): SignInRoad {
  return proof.kind === 'trusted-device' ? 'trusted-device' : proof.kind === 'trusted-network' ? 'trusted-network' : 'factor';
}

/**
 * Builds the record, stamps it (`issuedAt`: a revocation before this instant does not end
 * the session), hands it to `keep`, then fires `verified`. Returns the record kept.
 */
export async function signIn(ctx: CoreContext, actor: Actor, proof: SignInProof, keep: (record: Assurance) => void | Promise<void>): Promise<Assurance> {
  const nowMs = ctx.options.now();
  const record: Assurance = { ...signedInRecord(actor.userId, proof, nowMs), issuedAt: ctx.revocations.stampFor(actor.userId) };
  await keep(record);
  const method = announcedMethod(proof);
  if (method !== undefined) {
    const at = proof.kind === 'second-factor' || proof.kind === 'passkey-sign-in' ? proof.verifiedAt : nowMs;
    ctx.events.emit('verified', { userId: actor.userId, ip: actor.ip, at, method, outcome: 'success', amr: record.amr });
    watchForNewSignIn(ctx, actor, roadOf(proof), method, at);
  }
  return record;
}

/**
 * A re-verification for a sensitive change: the session's record with the new instant (and,
 * for a code, the factor), kept by `keep`, then `reverified`. `factor` is absent for a password.
 */
export async function reverify(
  ctx: CoreContext, actor: Actor, record: Assurance, factor: ProvedFactor | undefined, keep: (record: Assurance) => void | Promise<void>, passkey?: PasskeyFacts,
): Promise<{ record: Assurance; reverifiedAt: number }> {
  const nowMs = ctx.options.now();
  const renewed = reverifiedWith(record, factor === undefined ? undefined : amrOf(factor), nowMs, passkey);
  await keep(renewed);
  ctx.events.emit('reverified', { userId: actor.userId, ip: actor.ip, at: nowMs, outcome: 'success', ...(factor === undefined ? {} : { method: factor }) });
  return { record: renewed, reverifiedAt: nowMs };
}

/** "Sign out other sessions": the session that asked is stamped anew, so the revocation spares it. */
export function restamp(ctx: CoreContext, record: Assurance): void {
  record.issuedAt = ctx.revocations.stampFor(record.userId);
}

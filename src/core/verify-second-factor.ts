import { TwoStepError } from '../errors.js';
import { matchTotpStep } from '../methods/totp.js';
import { hmacAlgorithmOf, totpSettingsOf } from '../methods/totp-settings.js';
import { assertCodeLength } from './code-length.js';
import type { EnrolledMethod, MethodType } from '../enrolments/records.js';
import { answeredByPasskey, unitOf } from '../methods/method-units.js';
import { assertMethodAllowed } from './allowed-methods.js';
import { acceptOrRefuse } from './attempt-outcome.js';
import { reserveAttempt } from './reserve-attempt.js';
import type { Actor, CoreContext } from './context.js';
import { challengeSnapshot, confirmedMethods, primaryMethod, readSnapshot, type ChallengeSnapshot } from './enrolment-snapshot.js';
import { LOGIN_PURPOSE } from './login-codes.js';
import { verifyOneTimeCode } from './one-time-codes.js';
import { openTotpSecret } from './totp-secret.js';
import { addressSlot } from './address-limit.js';
import { recordSentCodeUse } from './method-use.js';

/** Steps kept per method: long enough that a step inside the ±1 acceptance window is never forgotten while still acceptable. */
const STEP_RETENTION_STEPS = 4;

export interface CodeAnswer {
  /** An already-validated string of digits (any length a method may have; checked against the method's here). */
  code: string;
  /** Which method the code came from; the primary method when absent. */
  methodId?: string;
  /** The method types the user may use (`allowedMethods`); every type when absent. */
  allowedTypes?: readonly MethodType[];
}

export interface VerifiedFactor {
  method: EnrolledMethod;
  /** The snapshot the verification ran against (a fresh one if the session's was stale). */
  snapshot: ChallengeSnapshot;
}

/** Answered with a typed code (an app's or a sent one), not a passkey. */
const takesCode = (method: EnrolledMethod) => !answeredByPasskey(method);

export function chooseMethod(snapshot: ChallengeSnapshot, methodId: string | undefined): EnrolledMethod {
  // A passkey takes no code: with none named, a code is for the primary method that makes codes.
  const codeMethods = confirmedMethods(snapshot.enrolment).filter(takesCode);
  const method = methodId === undefined
    ? [primaryMethod(snapshot.enrolment)].find((m) => m && takesCode(m)) ?? codeMethods[0]
    : confirmedMethods(snapshot.enrolment).find((m) => m.id === methodId);
  if (!method) {
    throw new TwoStepError('method_not_found', methodId === undefined
      ? 'No verification method is set up for this account.'
      : 'That verification method does not exist or is not set up yet.');
  }
  return method;
}

/**
 * Checks a TOTP code against one method. A wrong code costs one Redis script and no
 * database query: the comparison runs here (we hold the sealed secret), and the counters
 * store decides atomically whether the result counts — it refuses without counting while
 * locked, refuses replays of a recent step, and answers `stale` (nothing counted) when the
 * snapshot is older than the enrolment. A code it accepts is then made durable: the
 * enrolment store moves the last accepted step forward (one statement), so a code used
 * once stays used even after Redis forgets everything; losing that race is a replay.
 * Used steps belong to the method (its secret), not to the user, in both stores: a new
 * secret — after an admin reset, or a second authenticator app — starts with none used,
 * as django-otp keeps them per device. Method ids are never reused for another secret.
 */
export async function checkTotp(
  ctx: CoreContext,
  actor: Actor,
  snapshot: ChallengeSnapshot,
  method: EnrolledMethod,
  code: string,
): Promise<'accepted' | 'stale'> {
  if (!method.sealedSecret) throw new Error(`twostep: TOTP method ${method.id} has no secret`);
  const secret = openTotpSecret(ctx.keys.sealKey, actor.userId, method.id, method.sealedSecret);
  const nowMs = ctx.options.now();
  // The app's own settings, as it was set up: its steps are counted in its own period.
  const settings = totpSettingsOf(method);
  const matchedStep = matchTotpStep({ secret, code, nowMs, algorithm: hmacAlgorithmOf(settings), digits: settings.digits, periodSeconds: settings.periodSeconds });
  const result = await ctx.store.consumeTotpStep({
    userId: actor.userId,
    nowMs,
    lockout: ctx.options.lockout,
    version: snapshot.version,
    methodId: method.id,
    matchedStep,
    stepRetentionSeconds: settings.periodSeconds * STEP_RETENTION_STEPS,
    window: addressSlot(ctx, 'answers', actor.ip),
  });
  if (result.outcome === 'stale') return 'stale';
  // A method not yet confirmed is being set up: its code is the first one.
  const answer = { factor: method.type, setup: !method.confirmed };
  acceptOrRefuse(ctx, result, actor, answer);
  if (matchedStep !== null && (await recordDurableStep(ctx, actor.userId, snapshot, method, matchedStep, nowMs))) return 'accepted';
  // Redis had forgotten the step (or the method changed under an old snapshot): a replay.
  return (await reserveAttempt(ctx, actor)).refuse(answer);
}

/**
 * Moves the durable last step forward. Refused either because the step was used already
 * (a replay) or because the record moved on since the snapshot: then the step still counts
 * if the same secret is in force at the new version (another method was added, say).
 */
async function recordDurableStep(ctx: CoreContext, userId: string, snapshot: ChallengeSnapshot, method: EnrolledMethod, step: number, nowMs: number): Promise<boolean> {
  // The same statement records the app's last use: an accepted code costs nothing more.
  if (await ctx.enrolments.advanceTotpStep(userId, snapshot.version, method.id, step, nowMs)) return true;
  const record = await ctx.enrolments.read(userId);
  if (!record || record.version === snapshot.version) return false;
  const current = record.enrolment.methods.find((m) => m.id === method.id);
  if (!current || current.sealedSecret !== method.sealedSecret) return false;
  return ctx.enrolments.advanceTotpStep(userId, record.version, method.id, step, nowMs);
}

/** Verifies a sign-in code from the chosen (or primary) method. */
export async function verifySignInCode(
  ctx: CoreContext,
  actor: Actor,
  snapshot: ChallengeSnapshot,
  answer: CodeAnswer,
): Promise<VerifiedFactor> {
  let current = snapshot;
  // At most one reload: a stale snapshot means the enrolment changed during the challenge.
  for (let round = 0; round < 2; round += 1) {
    const method = chooseMethod(current, answer.methodId);
    if (answer.allowedTypes) assertMethodAllowed(answer.allowedTypes, method.type);
    assertCodeLength(method, answer.code);
    const { answer: kind } = unitOf(method.type);
    if (kind === 'sent-code') {
      // Sent codes live in the store, not in the enrolment: a snapshot cannot be stale for them.
      await verifyOneTimeCode(ctx, actor, LOGIN_PURPOSE, answer.code, { bindTo: method.id, methodType: method.type, setup: false });
      await recordSentCodeUse(ctx, actor.userId, method.id);
      return { method, snapshot: current };
    }
    if (kind !== 'app-code') {
      throw new TwoStepError('method_not_allowed', 'This kind of verification method is not supported here.');
    }
    if ((await checkTotp(ctx, actor, current, method, answer.code)) === 'accepted') {
      return { method, snapshot: current };
    }
    current = challengeSnapshot(await readSnapshot(ctx, actor.userId));
  }
  throw new TwoStepError('unavailable', 'Your verification methods changed while signing in. Please try again.');
}

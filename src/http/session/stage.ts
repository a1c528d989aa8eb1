import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import type { PolicyLevel } from '../../core/policy.js';
import { isPolicyLevel } from '../../core/policy.js';
import { TwoStepError } from '../../errors.js';
import { userIdOf } from '../../core/user-id.js';
import { halfSignInEnded } from '../../core/sign-in-lifetime.js';
import { assuranceHolds, type Assurance } from '../../core/assurance.js';
import { organisationRulesFor, type OrganisationRules } from '../../core/organisation-rules.js';
import { heldUser, type PendingState, type SetupState } from './session-state.js';

/** Where a request's session stands in the two steps. */
export type Stage =
  | { kind: 'anonymous' }
  | { kind: 'pending'; user: unknown; userId: string; pending: PendingState }
  | { kind: 'setup'; user: unknown; userId: string; setup: SetupState }
  | { kind: 'verified'; user: unknown; userId: string; marker: Assurance };

export type PendingStage = Extract<Stage, { kind: 'pending' }>;

export { userIdOf };

/** Reads the stage the gate established for this request. */
export function currentStage(ctx: HttpContext, req: Request): Stage {
  const session = req.session;
  if (!session) return { kind: 'anonymous' };
  if (req.user) {
    const userId = userIdOf(ctx, req.user);
    const marker = session.twoStep;
    if (assuranceHolds(marker, userId)) return { kind: 'verified', user: req.user, userId, marker };
  }
  const user = heldUser(req);
  if (user === undefined) return { kind: 'anonymous' };
  const userId = userIdOf(ctx, user);
  const nowMs = ctx.options.now();
  // The gate ends an expired half sign-in; this keeps it ended on any path the gate missed.
  const pending = session.twoStepPending;
  if (pending && pending.userId === userId) {
    return halfSignInEnded(pending, nowMs, ctx.options) ? { kind: 'anonymous' } : { kind: 'pending', user, userId, pending };
  }
  const setup = session.twoStepSetup;
  if (setup && setup.userId === userId) {
    return halfSignInEnded(setup, nowMs, ctx.options) ? { kind: 'anonymous' } : { kind: 'setup', user, userId, setup };
  }
  return { kind: 'anonymous' };
}

export function requireVerified(ctx: HttpContext, req: Request): Extract<Stage, { kind: 'verified' }> {
  const stage = currentStage(ctx, req);
  if (stage.kind === 'verified') return stage;
  if (stage.kind === 'pending') throw new TwoStepError('second_factor_required', 'Finish signing in with your verification code first.');
  if (stage.kind === 'setup') throw new TwoStepError('second_factor_required', 'Your organisation requires two-step verification: set up a method first.');
  throw new TwoStepError('not_signed_in', 'Sign in first.');
}

/** Adding and confirming a method: a verified session, or a required user in forced setup. */
export function requireVerifiedOrSetup(ctx: HttpContext, req: Request): Extract<Stage, { kind: 'verified' | 'setup' }> {
  const stage = currentStage(ctx, req);
  if (stage.kind === 'setup') return stage;
  return requireVerified(ctx, req);
}

export function requirePending(ctx: HttpContext, req: Request): Extract<Stage, { kind: 'pending' }> {
  const stage = currentStage(ctx, req);
  if (stage.kind === 'pending') return stage;
  throw new TwoStepError('not_signed_in', stage.kind === 'verified'
    ? 'You are already signed in.'
    : stage.kind === 'setup' ? 'Set up two-step verification first.' : 'Your sign-in has expired. Sign in with your password again.');
}

/** The app's policy callback for this user; a throw or a nonsense answer is 'error', which skips nothing. */
async function codePolicyFor(ctx: HttpContext, user: unknown, req: Request): Promise<PolicyLevel | 'error'> {
  try {
    const level = await ctx.options.policy(user, req);
    if (isPolicyLevel(level)) return level;
    console.warn(`twostep: policy returned ${JSON.stringify(level)}, not "required", "optional" or "exempt"; nothing is skipped`);
  } catch (error) {
    console.warn('twostep: policy threw; nothing is skipped for this sign-in', error);
  }
  return 'error';
}

export interface PolicyAnswer {
  /** The strictest of the code's policy and the organisations' settings. */
  level: PolicyLevel | 'error';
  /** The code's `policy` alone. */
  code: PolicyLevel | 'error';
  rules: OrganisationRules;
}

/**
 * Who must verify, from code and data: the `policy` callback and the settings of the
 * user's organisations, the strictest winning. Unreadable settings throw (503).
 */
export async function policyAnswer(ctx: HttpContext, user: unknown, req: Request): Promise<PolicyAnswer> {
  const [code, rules] = await Promise.all([codePolicyFor(ctx, user, req), organisationRulesFor(ctx, user)]);
  return { level: code === 'error' ? 'error' : rules.required ? 'required' : code, code, rules };
}

/** The strictest level of code and data for this user (see `policyAnswer`). */
export async function policyFor(ctx: HttpContext, user: unknown, req: Request): Promise<PolicyLevel | 'error'> {
  return (await policyAnswer(ctx, user, req)).level;
}

/** The key of the setups this session started, if it started any (written by `stage-writes.ts`). */
export function setupKeyOf(req: Request): string | undefined {
  const key = req.session?.twoStepSetupKey;
  return typeof key === 'string' ? key : undefined;
}

import type { Request, Response, Router } from 'express';
import { allowedMethodTypes, assertMethodAllowed } from '../../core/allowed-methods.js';
import { confirmContactMethod, resendSetupCode, startContactSetup } from '../../core/contact-setup.js';
import { describeMethod, readSnapshot } from '../../core/enrolment-snapshot.js';
import { makePrimary, removeMethod } from '../../core/manage-methods.js';
import { checkPassword } from '../../core/password-check.js';
import { issueRecoveryCodes } from '../../core/recovery-codes.js';
import { confirmTotpMethod, startTotpSetup } from '../../core/totp-setup.js';
import { isTwoStepError, TwoStepError } from '../../errors.js';
import { parseNumericCode } from '../../methods/code-format.js';
import { assertCodeLength, CODE_LENGTHS } from '../../core/code-length.js';
import { answeredByPasskey, isMethodType, unitOf } from '../../methods/method-units.js';
import type { MethodType } from '../../enrolments/records.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { requestActor } from '../request/request-actor.js';
import { pageLanguage } from '../request/page-language.js';
import { pageBase } from '../view-models/page-base.js';
import { pageErrorText } from '../view-models/page-error-text.js';
import { sendPage } from '../respond/send-page.js';
import { readMethodChoices } from '../view-models/method-choices-model.js';
import { bodyOf, pathId } from '../request/request-body.js';
import { requireReverified } from '../session/require-reverified.js';
import { policyFor, requireVerified, requireVerifiedOrSetup } from '../session/stage.js';
import { upgradeSession } from '../session/upgrade-session.js';
import { passkeyFactsOf } from '../../core/webauthn-assertion.js';
import { signIn } from '../../core/sign-in.js';
import { sendMethodSetupPage } from '../respond/send-method-setup-page.js';
import { confirmWebAuthnMethod, startWebAuthnSetup } from '../../core/webauthn-registration.js';
import { sessionHashOf } from '../../core/webauthn-challenge.js';
import { parsePasskeyName, parseRegistrationResponse } from '../../methods/webauthn-response.js';
import { parseMethodName, renameMethod } from '../../core/method-names.js';
import { revokeOtherSessions } from '../session/revoke-others.js';
import { ownerStartingSetup, sessionSetupOwner } from '../session/session-setup-owner.js';
import { ownedSetup } from '../../core/setup-owner.js';
import { redirectAfterSave } from '../session/redirect-after-save.js';

/** Adding, confirming, removing and ordering methods: only from a verified session. */
export function mountMethodRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath, users } = ctx.options;

  router.post('/methods', async (req: Request, res: Response) => {
    const stage = requireVerifiedOrSetup(ctx, req);
    const body = bodyOf(req);
    // Forced setup has no method yet to re-verify with: the password step just happened.
    if (stage.kind === 'verified') await requireReverified(ctx, req, stage, { allowWithoutMethods: true });
    let setup;
    try {
      if (!isMethodType(body.type)) {
        throw new TwoStepError('invalid_request', `\`type\` must be "totp", "email", "sms"${ctx.options.webauthn ? ' or "webauthn"' : ''}.`);
      }
      assertMethodAllowed(await allowedMethodTypes(ctx, stage.user), body.type);
      // How the method is answered says how it is set up: a passkey registers, a sent code goes to an address, an app gets a secret.
      const { answer } = unitOf(body.type);
      if (answer === 'passkey') {
        const passkey = await startWebAuthnSetup(ctx, requestActor(ctx, req, stage.userId), ownerStartingSetup(ctx, req, stage.userId), sessionHashOf(ctx, req.sessionID), users.label(stage.user));
        // The session's setup key may be new: saved before the browser asks for the setup page.
        if (!wantsJson(req)) return await redirectAfterSave(req, res, `${mountPath}/methods/${passkey.method.id}`);
        return res.status(201).json({ id: passkey.method.id, type: 'webauthn', options: passkey.options, expiresAt: new Date(passkey.expiresAt).toISOString() });
      }
      if (answer === 'sent-code') return await startContactRoute(req, res, ctx, stage.userId, stage.user, body.type, body);
      setup = await startTotpSetup(ctx, requestActor(ctx, req, stage.userId), ownerStartingSetup(ctx, req, stage.userId), users.label(stage.user));
    } catch (error) {
      // A browser stays on the method picker, told what to fix (a mistyped number, say).
      if (wantsJson(req) || !isTwoStepError(error) || error.status >= 500) throw error;
      return sendPage(res, ctx.pages.setup({
        ...pageBase(ctx, req), required: stage.kind === 'setup', ...(await readMethodChoices(ctx, stage.user)), error: pageErrorText(pageLanguage(ctx, req).pages, error),
      }), error.status);
    }
    if (wantsJson(req)) {
      return res.status(201).json({
        id: setup.method.id,
        type: 'totp',
        secret: setup.secret,
        setupKey: setup.setupKey,
        otpauthUrl: setup.otpauthUrl,
        qr: setup.qrSvg,
        algorithm: setup.settings.algorithm,
        digits: setup.settings.digits,
        periodSeconds: setup.settings.periodSeconds,
        expiresAt: new Date(setup.expiresAt).toISOString(),
      });
    }
    // Post/redirect/get: reloading the setup page shows the same key instead of making another.
    // The session's setup key may be new: saved before the browser asks for the setup page.
    await redirectAfterSave(req, res, `${mountPath}/methods/${setup.method.id}`);
  });

  // The setup page of a method not yet confirmed: QR code and key, or "enter the code we sent".
  router.get('/methods/:id', async (req: Request, res: Response) => {
    const stage = requireVerifiedOrSetup(ctx, req);
    await sendMethodSetupPage(req, res, ctx, stage.userId, stage.user, pathId(req), 200);
  });

  router.post('/methods/:id/confirm', async (req: Request, res: Response) => {
    const stage = requireVerifiedOrSetup(ctx, req);
    const methodId = pathId(req);
    const actor = requestActor(ctx, req, stage.userId);
    const owner = sessionSetupOwner(ctx, req, stage.userId);
    try {
      const body = bodyOf(req);
      // A passkey answers with `credential` (and an optional name) instead of a code; parsed first, like a code.
      const passkey = body.credential === undefined ? undefined
        : { credential: parseRegistrationResponse(body.credential), name: body.name === undefined || body.name === '' ? undefined : parsePasskeyName(body.name) };
      // Any length a method may have; held to this setup's own below, before anything is compared.
      const code = passkey ? '' : parseNumericCode(body.code, CODE_LENGTHS);
      // Another session's setup is a 404 before the password is checked or anything counted.
      const pendingMethod = ownedSetup((await readSnapshot(ctx, stage.userId)).enrolment, methodId, owner);
      if (!passkey && !answeredByPasskey(pendingMethod)) assertCodeLength(pendingMethod, code);
      if (users.verifyPassword) await checkPassword(ctx, actor, stage.user, body.password);
      assertMethodAllowed(await allowedMethodTypes(ctx, stage.user), pendingMethod.type);
      if (answeredByPasskey(pendingMethod) && !passkey) throw new TwoStepError('invalid_request', 'A passkey is confirmed with `credential`, the browser’s answer to the creation options.');
      const confirmed = passkey
        ? await confirmWebAuthnMethod(ctx, actor, owner, sessionHashOf(ctx, req.sessionID), methodId, passkey.credential, passkey.name)
        : unitOf(pendingMethod.type).answer === 'sent-code'
          ? await confirmContactMethod(ctx, actor, owner, methodId, code)
          : await confirmTotpMethod(ctx, actor, owner, methodId, code);
      // 2FA has just been turned on: the first set of recovery codes, shown this once.
      const recoveryCodes = confirmed.firstMethod ? await issueRecoveryCodes(ctx, actor) : undefined;
      // Where the user was going before setup (read now: the upgrade starts a new session).
      const returnTo = stage.kind === 'setup' ? stage.setup.returnTo ?? ctx.options.successRedirect : req.session.twoStepReturnTo;
      // The user just proved possession of the new factor: the session now counts as verified by it.
      // A new passkey's kind is known from its registration; the person check is not kept from it.
      const newKey = confirmed.method.webauthn ? passkeyFactsOf(confirmed.method.webauthn, false) : undefined;
      await signIn(ctx, actor, { kind: 'method-confirmed', type: confirmed.method.type, passkey: newKey }, async (record) => {
        await upgradeSession(req, record);
        req.user = stage.user as Express.User;
      });
      if (wantsJson(req)) {
        return res.json({ method: describeMethod(confirmed.method), ...(recoveryCodes ? { recoveryCodes } : {}) });
      }
      if (recoveryCodes) {
        // Forced setup, and setup from the prompt, end here: after saving the codes, on to
        // where the user was going; setup from the settings page goes back there.
        return sendPage(res, ctx.pages.recoveryCodes({ ...pageBase(ctx, req), codes: recoveryCodes, continueTo: returnTo ?? mountPath, issuer: ctx.options.issuer, first: true }));
      }
      res.redirect(303, returnTo ?? mountPath);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || !['invalid_code', 'invalid_request', 'invalid_password'].includes(error.code)) throw error;
      await sendMethodSetupPage(req, res, ctx, stage.userId, stage.user, methodId, error.status, pageErrorText(pageLanguage(ctx, req).pages, error));
    }
  });

  router.post('/methods/:id/send', async (req: Request, res: Response) => {
    const stage = requireVerifiedOrSetup(ctx, req);
    const methodId = pathId(req);
    let sent;
    try {
      sent = await resendSetupCode(ctx, requestActor(ctx, req, stage.userId), sessionSetupOwner(ctx, req, stage.userId), methodId);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || error.status >= 500 || error.code === 'method_not_found') throw error;
      if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
      return sendMethodSetupPage(req, res, ctx, stage.userId, stage.user, methodId, error.status, pageErrorText(pageLanguage(ctx, req).pages, error), error.details.retryAfterSeconds);
    }
    if (wantsJson(req)) return res.json({ sent: true, method: sent.method.id, expiresAt: new Date(sent.expiresAt).toISOString(), resendAt: new Date(sent.resendAt).toISOString() });
    res.redirect(303, `${mountPath}/methods/${sent.method.id}`);
  });

  const remove = async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const methodId = pathId(req);
    await requireReverified(ctx, req, stage);
    // A policy that fails counts as required: the last method is kept.
    const policy = await policyFor(ctx, stage.user, req);
    const mustKeepOne = policy === 'required' || policy === 'error';
    const wasInUse = (await readSnapshot(ctx, stage.userId)).enrolment.methods.some((m) => m.id === methodId && m.confirmed);
    await removeMethod(ctx, requestActor(ctx, req, stage.userId), methodId, mustKeepOne);
    // Sessions verified with the removed method (a lost phone) end; this one stays. An
    // unfinished setup verified nobody: cancelling it signs no one out.
    if (wasInUse) await revokeOtherSessions(ctx, req, stage.userId, 'method.removed');
    if (wantsJson(req)) return res.json({ deleted: true });
    res.redirect(303, mountPath);
  };
  router.delete('/methods/:id', remove);
  // HTML forms cannot send DELETE.
  router.post('/methods/:id/delete', remove);

  router.post('/methods/:id/primary', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const method = await makePrimary(ctx, requestActor(ctx, req, stage.userId), pathId(req));
    if (wantsJson(req)) return res.json({ method: describeMethod(method) });
    res.redirect(303, mountPath);
  });

  // Any method can be named ("Work phone"); the page's form posts, JSON clients PATCH.
  const rename = async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const method = await renameMethod(ctx, stage.userId, pathId(req), parseMethodName(bodyOf(req).name));
    if (wantsJson(req)) return res.json({ method: describeMethod(method) });
    res.redirect(303, mountPath);
  };
  router.patch('/methods/:id', rename);
  router.post('/methods/:id/rename', rename);
}

/**
 * Email or SMS setup. The address comes from the body, else from the app's record of the
 * user (`users.email` / `users.phone`); SMS with no number anywhere asks for one.
 */
async function startContactRoute(req: Request, res: Response, ctx: HttpContext, userId: string, user: unknown, type: MethodType, body: Record<string, unknown>) {
  const { users, mountPath } = ctx.options;
  const contact = unitOf(type).contact!;
  const given = body[contact.bodyField];
  const raw = given === undefined || given === '' ? users[contact.fromUser]?.(user) ?? undefined : given;
  if (raw === undefined || raw === null) throw new TwoStepError('invalid_request', contact.missingAddress);
  const address = contact.parse(raw, ctx.options.defaultPhoneCountry);
  const setup = await startContactSetup(ctx, requestActor(ctx, req, userId), ownerStartingSetup(ctx, req, userId), type, address);
  if (wantsJson(req)) {
    return res.status(201).json({
      id: setup.method.id,
      type,
      label: setup.method.label,
      expiresAt: new Date(setup.expiresAt).toISOString(),
      resendAt: new Date(setup.resendAt).toISOString(),
    });
  }
  await redirectAfterSave(req, res, `${mountPath}/methods/${setup.method.id}`);
}

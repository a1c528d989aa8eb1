import { isoInstant } from '../../clock.js';
import type { Request, Response } from 'express';
import { isTwoStepError, StoreUnavailableError, TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { pageLanguage } from '../request/page-language.js';
import { pageBase } from '../view-models/page-base.js';
import { pageErrorText } from '../view-models/page-error-text.js';
import { sendPage } from './send-page.js';
import type { TextKey } from '../../pages/texts.js';
import { countUnavailable } from '../../metrics-feed/unavailable-cause.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps anything thrown to a TwoStepError; what is not ours and not a body error stays unknown. */
export function toTwoStepError(error: unknown): TwoStepError | null {
  if (isTwoStepError(error)) return error;
  const parserError = error as BodyParserError | null;
  if (parserError && typeof parserError === 'object' && typeof parserError.type === 'string') {
    if (parserError.type === 'entity.too.large') return new TwoStepError('payload_too_large', 'The request body is too large.');
    if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      return new TwoStepError('invalid_request', 'The request body could not be read: send JSON or a form.');
    }
  }
  return null;
}

/**
 * The SPEC's JSON error. Written with `res.end` rather than Express's `res.json`: a refusal
 * needs no ETag (a SHA-1 of the body), no freshness check and no charset negotiation, and
 * under a wrong-code flood every refusal pays for them (bench/peers.bench.ts).
 */
export function sendJsonError(res: Response, error: TwoStepError, extra: Record<string, unknown> = {}): void {
  const { details } = error;
  const body: Record<string, unknown> = { error: error.code, message: error.message, ...extra };
  if (details.attemptsLeft !== undefined) body.attemptsLeft = details.attemptsLeft;
  // Which kind of answer was wrong ('app-code', 'sent-code', ...): an app's own page can word it.
  if (details.answer !== undefined) body.answer = details.answer;
  if (details.lockedUntil !== undefined) body.lockedUntil = isoInstant(details.lockedUntil);
  if (details.fields !== undefined) {
    // `field` names the first refused field (SPEC), `fields` lists every one.
    if (details.fields[0] !== undefined) body.field = details.fields[0].field;
    body.fields = details.fields;
  }
  if (details.retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = details.retryAfterSeconds;
    res.setHeader('Retry-After', String(details.retryAfterSeconds));
  }
  const text = JSON.stringify(body);
  res.statusCode = error.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

const TITLES: Partial<Record<TwoStepError['code'], TextKey>> = {
  unavailable: 'titleUnavailable',
  locked: 'lockedTitle',
  not_signed_in: 'titleSignIn',
  sign_in_expired: 'titleSignInExpired',
  second_factor_required: 'titleVerificationNeeded',
  csrf_failed: 'titleFormExpired',
  not_authorised: 'titleNotAuthorised',
};

/**
 * Answers an error in the client's language: the SPEC's JSON shape for APIs, a page for
 * browsers. Anything unexpected becomes a 503: fail closed, keep serving.
 */
export function sendError(req: Request, res: Response, ctx: HttpContext, thrown: unknown): void {
  let error = toTwoStepError(thrown);
  if (!error) {
    // An unknown failure while deciding or verifying must never let anyone through. Our
    // own errors never carry a code or secret, so the cause is safe to report.
    console.error('twostep: unexpected error, answering 503', thrown);
    error = new StoreUnavailableError(thrown);
  }
  if (res.headersSent) return;
  // Every 503 is answered here: counted once, with the backend that failed.
  if (error.status === 503) countUnavailable(ctx.metrics, thrown);
  if (wantsJson(req)) return sendJsonError(res, error);
  if (error.code === 'reverify_required') {
    // A browser is asked for a fresh code and brought back: to the page it was on, or to
    // the settings page where the (POST) action can be repeated.
    const back = req.method === 'GET' ? req.originalUrl : ctx.options.mountPath;
    return res.redirect(303, `${ctx.options.mountPath}/reverify?returnTo=${encodeURIComponent(back)}`);
  }
  if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
  const texts = pageLanguage(ctx, req).pages;
  const link = error.code === 'not_signed_in' || error.code === 'sign_in_expired'
    ? { href: ctx.options.loginPath, text: texts.messageSignIn }
    // A signed-in person refused an admin page goes back to the app, not to the challenge.
    : error.code === 'not_authorised' ? { href: ctx.options.homePath, text: texts.messageBack }
    : { href: `${ctx.options.mountPath}/verify`, text: texts.messageBack };
  sendPage(res, ctx.pages.message({
    ...pageBase(ctx, req),
    title: texts[TITLES[error.code] ?? 'titleSomethingWrong'],
    message: pageErrorText(texts, error),
    status: error.status,
    link,
  }), error.status);
}

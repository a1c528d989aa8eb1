import { CSRF_FIELD } from './csrf-names.js';
import type { PageBase } from './types.js';
import { fill, type TextKey } from './texts.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that reaches a page goes through here. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A page text, placeholders filled and escaped. */
export function text(page: PageBase, key: TextKey, values: Record<string, string | number> = {}): string {
  return escapeHtml(fill(page.texts[key], values));
}

/**
 * The frame of every page: one stylesheet and one deferred script from the mount path (the
 * Content-Security-Policy allows nothing inline), a skip link, and a single <main>.
 */
export function layout(page: PageBase, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(page.assets.stylesheet)}">
<script src="${escapeHtml(page.assets.script)}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${text(page, 'skipToContent')}</a>
${appBar(page)}<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

/**
 * The way back to the app at the top of every page: "Back to {app}" for a signed-in user,
 * "Sign out" halfway through signing in (the app is out of reach until the step is done).
 */
function appBar(page: PageBase): string {
  const home = page.home
    ? `<a href="${escapeHtml(page.home.href)}">${page.home.appName === undefined ? text(page, 'backToAppUnnamed') : text(page, 'backToApp', { app: page.home.appName })}</a>`
    : '';
  const signOut = page.signOut
    ? postForm(page, '/cancel', `<button type="submit" class="link">${text(page, 'signOut')}</button>`, ' class="sign-out"')
    : '';
  return home || signOut ? `<header class="app-bar" aria-label="${text(page, 'appBarLabel')}">${home}${signOut}</header>
` : '';
}

/**
 * The hidden fields every form carries: twostep's token (http/request/csrf-token.ts) and,
 * when the app's CSRF middleware offered one, the app's (http/request/app-csrf-token.ts),
 * marked with the header the page script sends it in.
 */
export function csrfField(page: PageBase): string {
  const own = `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(page.csrfToken)}">`;
  const app = page.appCsrf;
  return app === undefined
    ? own
    : `${own}<input type="hidden" name="${escapeHtml(app.field)}" value="${escapeHtml(app.token)}" data-csrf-header="${escapeHtml(app.header)}">`;
}

/** A POST form to a route under the mount path, with its CSRF field. */
export function postForm(page: PageBase, path: string, inner: string, attributes = ''): string {
  return `<form method="post" action="${escapeHtml(page.mountPath + path)}"${attributes}>
${csrfField(page)}${inner}
</form>`;
}

/** Announced at once by screen readers (role=alert); fields point at it by its id, `error`. */
export function errorBlock(page: PageBase, error: string | undefined): string {
  return error ? `<div class="error" role="alert" id="error"><span class="visually-hidden">${text(page, 'errorPrefix')} </span>${escapeHtml(error)}</div>` : '';
}

export function noticeBlock(notice: string | undefined): string {
  return notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : '';
}

/** Ties a field to its hint and error for assistive technology, and marks it invalid. */
export function describedBy(ids: (string | false | undefined)[], invalid: boolean): string {
  const list = ids.filter(Boolean).join(' ');
  return `${list ? ` aria-describedby="${list}"` : ''}${invalid ? ' aria-invalid="true"' : ''}`;
}

/**
 * The code field, the same on every page that asks for one. `digits`: the lengths it takes,
 * the methods' own (6, or 8 for an authenticator app set up so); the hint, the pattern and
 * the longest length follow them.
 */
export function codeField(page: PageBase, options: { label?: TextKey; error?: string; autofocus?: boolean; digits?: readonly number[]; alsoDescribedBy?: string } = {}): string {
  const digits = options.digits && options.digits.length > 0 ? [...options.digits].sort((a, b) => a - b) : [6];
  const hint = digits.length === 1
    ? text(page, 'codeHint', { digits: digits[0]! })
    : text(page, 'codeHintTwoLengths', { short: digits[0]!, long: digits[digits.length - 1]! });
  const pattern = digits.map((n) => `[0-9]{${n}}`).join('|');
  // Room for a space or two ("123 456", "1234 5678"), which the page script strips as typed
  // or pasted: a limit at the bare length would cut a pasted code short before that.
  const maxLength = digits[digits.length - 1]! + 2;
  return `<label for="code">${text(page, options.label ?? 'codeLabel')}</label>
<span class="hint" id="code-hint">${hint}</span>
<input class="code" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="${pattern}" maxlength="${maxLength}" required data-digits${options.autofocus === false ? '' : ' autofocus'}${describedBy(['code-hint', options.error ? 'error' : undefined, options.alsoDescribedBy], Boolean(options.error))}>`;
}

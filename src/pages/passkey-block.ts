import { csrfField, escapeHtml, text } from './html.js';
import type { PageBase } from './types.js';

/**
 * The passkey button and what the page says when it cannot work. The button starts hidden:
 * the page script shows it where WebAuthn exists (or the "unsupported" line where it does
 * not), and without script the <noscript> line says so; the other methods stay on the page.
 *
 * `mode` 'get' asks for an assertion, 'create' for a new credential; the script fetches the
 * options from `optionsPath`, calls the browser, puts the JSON answer in the form's
 * `credential` field and submits the form to `action`.
 */
export function passkeyBlock(page: PageBase, options: {
  mode: 'get' | 'create';
  action: string;
  optionsPath: string;
  buttonText: string;
  /** Fields the form sends along (return path, name, password). */
  fields?: string;
  secondary?: boolean;
}): string {
  return `<div class="passkey">
<form method="post" action="${escapeHtml(page.mountPath + options.action)}" data-webauthn-form>
${csrfField(page)}<input type="hidden" name="credential" value="">
${options.fields ?? ''}
<button type="button"${options.secondary ? ' class="secondary"' : ''} data-webauthn="${options.mode}" data-options="${escapeHtml(page.mountPath + options.optionsPath)}" data-failed="${text(page, 'passkeyFailed')}" aria-controls="passkey-status" hidden>${escapeHtml(options.buttonText)}</button>
</form>
<noscript><p class="muted">${text(page, 'passkeyNoScript')}</p></noscript>
<p class="muted" data-webauthn-unsupported hidden>${text(page, 'passkeyUnsupported')}</p>
<p class="error" id="passkey-status" role="alert" hidden></p>
</div>`;
}

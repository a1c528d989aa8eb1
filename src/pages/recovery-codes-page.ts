import { escapeHtml, layout, text } from './html.js';
import { fill } from './texts.js';
import type { RecoveryCodesPageData } from './types.js';

/**
 * Shown once. Copy and download need no server round trip (the codes are not kept in clear),
 * so the download is a data: link; "Continue" is a GET form whose required checkbox makes
 * people confirm they saved the codes, with or without the script.
 */
export function renderRecoveryCodesPage(data: RecoveryCodesPageData): string {
  const title = data.texts.recoveryTitle;
  const file = `${fill(data.texts.recoveryFileHeading, { issuer: data.issuer })}\n\n${data.codes.join('\n')}\n`;
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(file)}`;
  const codes = data.codes.map((code) => `<li><code class="key">${escapeHtml(code)}</code></li>`).join('\n');
  // No way out but Continue, which asks whether the codes were saved.
  return layout({ ...data, home: undefined }, title, `<h1>${escapeHtml(title)}</h1>
<p role="alert"><strong>${text(data, 'recoveryShownOnce')}</strong> ${text(data, 'recoveryExplain')}${data.first ? '' : ` ${text(data, 'recoveryReplaced')}`}</p>
<ol class="codes" id="recovery-codes" data-copy-text="${escapeHtml(data.codes.join('\n'))}">
${codes}
</ol>
<button type="button" class="secondary" data-copy="recovery-codes" aria-controls="copy-status" data-copied="${text(data, 'copied')}" data-copy-failed="${text(data, 'copyFailed')}" hidden>${text(data, 'recoveryCopy')}</button>
<a class="button secondary" href="${escapeHtml(href)}" download="recovery-codes.txt">${text(data, 'recoveryDownload')}</a>
<span id="copy-status" role="status"></span>
<form method="get" action="${escapeHtml(data.continueTo)}">
<label class="choice" for="saved"><input type="checkbox" id="saved" name="saved" value="1" required> ${text(data, 'recoverySaved')}</label>
<button type="submit">${text(data, 'recoveryContinue')}</button>
</form>`);
}

import { escapeHtml, layout } from './html.js';
import type { RecoveryCodesPageData } from './types.js';

export function renderRecoveryCodesPage(data: RecoveryCodesPageData): string {
  const codes = data.codes.map((code) => `<li class="key">${escapeHtml(code)}</li>`).join('\n');
  return layout('Save your recovery codes', `<h1>Save your recovery codes</h1>
<p role="alert"><strong>They are shown this once.</strong> Print them or keep them in a password manager.
If you lose your phone, each code signs you in one time. Any earlier codes no longer work.</p>
<ol id="recovery-codes">
${codes}
</ol>
<p><a href="${escapeHtml(data.continueTo)}">I have saved my recovery codes</a></p>`);
}

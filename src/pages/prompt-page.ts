import { escapeHtml, layout } from './html.js';
import type { PromptPageData } from './types.js';

/**
 * The setup offer an optional user sees once per sign-in (seed 000): Continue goes to the
 * settings page where setup starts; Skip asks again next sign-in; the third choice never asks again.
 */
export function renderPromptPage(data: PromptPageData): string {
  const base = escapeHtml(data.mountPath);
  const returnTo = data.returnTo === undefined ? '' : `<input type="hidden" name="returnTo" value="${escapeHtml(data.returnTo)}">`;
  return layout('Set up two-step verification', `<h1>Protect your account with two-step verification</h1>
<p>After your password, you will also enter a code from your phone. Someone who learns your password still cannot sign in.</p>
<form method="get" action="${base}"><button type="submit">Continue</button></form>
<form method="post" action="${base}/skip">${returnTo}<button type="submit">Skip</button></form>
<p>If you skip, we will ask again the next time you sign in.</p>
<form method="post" action="${base}/skip">${returnTo}<input type="hidden" name="dontShowAgain" value="true"><button type="submit">Don't show this again</button></form>`);
}

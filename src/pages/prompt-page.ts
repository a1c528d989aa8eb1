import { escapeHtml, layout, postForm, text } from './html.js';
import type { PromptPageData } from './types.js';

/**
 * The setup offer an optional user sees once per sign-in (seed 000): Continue goes to the
 * method picker; Skip asks again next sign-in; the third choice never asks again.
 */
export function renderPromptPage(data: PromptPageData): string {
  const title = data.texts.promptTitle;
  const returnTo = data.returnTo === undefined ? '' : `<input type="hidden" name="returnTo" value="${escapeHtml(data.returnTo)}">`;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, 'promptExplain')}</p>
<form method="get" action="${escapeHtml(data.mountPath)}/setup">${returnTo}<button type="submit">${text(data, 'promptContinue')}</button></form>
${postForm(data, '/skip', `${returnTo}<button type="submit" class="secondary" aria-describedby="skip-hint">${text(data, 'promptSkip')}</button>
<span class="hint" id="skip-hint">${text(data, 'promptSkipHint')}</span>`)}
${postForm(data, '/skip', `${returnTo}<input type="hidden" name="dontShowAgain" value="true"><button type="submit" class="secondary">${text(data, 'promptNever')}</button>`)}`);
}

import { escapeHtml, layout, postForm, text } from './html.js';
import { fill } from './texts.js';
import type { PromptPageData } from './types.js';

/**
 * The setup offer an optional user sees once per sign-in (seed 000): Continue goes to the
 * method picker; Skip asks again next sign-in; the third choice never asks again. During an
 * organisation's grace period it says until when setup may be put off, and cannot be silenced.
 */
export function renderPromptPage(data: PromptPageData): string {
  const title = data.texts.promptTitle;
  const returnTo = data.returnTo === undefined ? '' : `<input type="hidden" name="returnTo" value="${escapeHtml(data.returnTo)}">`;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
${data.setupDeadline === undefined ? '' : `<p role="status">${deadlineLine(data, data.setupDeadline)}</p>`}
<p>${text(data, 'promptExplain')}</p>
<form method="get" action="${escapeHtml(data.mountPath)}/setup">${returnTo}<button type="submit">${text(data, 'promptContinue')}</button></form>
${postForm(data, '/skip', `${returnTo}<button type="submit" class="secondary" aria-describedby="skip-hint">${text(data, 'promptSkip')}</button>
<span class="hint" id="skip-hint">${text(data, 'promptSkipHint')}</span>`)}
${data.setupDeadline !== undefined ? '' : postForm(data, '/skip', `${returnTo}<input type="hidden" name="dontShowAgain" value="true"><button type="submit" class="secondary">${text(data, 'promptNever')}</button>`)}`);
}

/** The deadline in UTC on the server, in the reader's own zone once the script runs (as the locked page). */
function deadlineLine(data: PromptPageData, deadline: number): string {
  const at = new Date(deadline);
  const time = `<time datetime="${at.toISOString()}" data-local>${escapeHtml(`${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`)}</time>`;
  return escapeHtml(fill(data.texts.promptDeadline, { time: '\u0000' })).replace('\u0000', time);
}

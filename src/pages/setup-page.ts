import { errorBlock, escapeHtml, layout, text } from './html.js';
import { methodChoices } from './method-choices.js';
import type { SetupPageData } from './types.js';

/** Choosing how to get codes: forced setup for required users, or adding a first method. */
export function renderSetupPage(data: SetupPageData): string {
  const title = data.texts.setupTitle;
  const back = data.required ? '' : `<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'backToSettings')}</a></p>`;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, data.required ? 'setupRequired' : 'setupOptional')}</p>
${errorBlock(data, data.error)}
${methodChoices(data)}
${back}`);
}

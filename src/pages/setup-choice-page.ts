import { errorBlock, escapeHtml, layout, text } from './html.js';
import { methodChoiceForms } from './method-choice-forms.js';
import type { SetupPageData } from './types.js';

/** Choosing how to get codes: forced setup for required users, or adding a first method. */
export function renderSetupChoicePage(data: SetupPageData): string {
  const title = data.texts.setupTitle;
  const back = data.required ? '' : `<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'backToSettings')}</a></p>`;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, data.required ? 'setupRequired' : 'setupOptional')}</p>
${errorBlock(data, data.error)}
${methodChoiceForms(data)}
${back}`);
}

import { escapeHtml, layout, text } from './html.js';
import { fill } from './texts.js';
import type { PageBase } from './types.js';

/** Until when: in UTC on the server, in the reader's own zone once the script runs. */
export function renderLockedPage(page: PageBase, lockedUntil: number): string {
  const at = new Date(lockedUntil);
  const utc = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const time = `<time datetime="${at.toISOString()}" data-local>${escapeHtml(utc)}</time>`;
  const message = escapeHtml(fill(page.texts.lockedMessage, { time: '\u0000' })).replace('\u0000', time);
  return layout(page, page.texts.lockedTitle, `<h1>${text(page, 'lockedTitle')}</h1>
<p role="alert">${message}</p>`);
}

import { escapeHtml, layout } from './html.js';
import type { MessagePageData } from './types.js';

export function renderMessagePage(data: MessagePageData): string {
  const link = data.link ? `<p><a href="${escapeHtml(data.link.href)}">${escapeHtml(data.link.text)}</a></p>` : '';
  return layout(data, data.title, `<h1>${escapeHtml(data.title)}</h1>
<p role="alert">${escapeHtml(data.message)}</p>
${link}`);
}

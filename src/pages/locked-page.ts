import { escapeHtml, layout, text } from './html.js';
import { fill } from './texts.js';
import type { PageBase, VerifyPageData } from './types.js';

type LockedPageData = PageBase & Pick<VerifyPageData, 'rememberDays' | 'support'>;

/**
 * Until when, and what the user can do meanwhile: sign in on a remembered device (the lock is
 * on answering the second step; a remembered device skips it), use a recovery code once the lock
 * ends, and whom to ask only when the app names someone (`support`). The time is in UTC on the
 * server, in the reader's own zone once the script runs.
 */
export function renderLockedPage(page: LockedPageData, lockedUntil: number): string {
  const at = new Date(lockedUntil);
  const utc = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const time = `<time datetime="${at.toISOString()}" data-local>${escapeHtml(utc)}</time>`;
  const withTime = (key: 'lockedMessage' | 'lockedRecoveryCode') => escapeHtml(fill(page.texts[key], { time: '\u0000' })).replace('\u0000', time);
  const options = [
    page.rememberDays ? text(page, 'lockedRememberedDevice') : undefined,
    withTime('lockedRecoveryCode'),
    page.support ? askSupport(page, page.support) : undefined,
  ].filter((item): item is string => item !== undefined);
  return layout(page, page.texts.lockedTitle, `<h1>${text(page, 'lockedTitle')}</h1>
<p role="alert">${withTime('lockedMessage')}</p>
<h2>${text(page, 'lockedWhatYouCanDo')}</h2>
<ul class="what-you-can-do">
${options.map((item) => `<li>${item}</li>`).join('\n')}
</ul>`);
}

function askSupport(page: PageBase, support: NonNullable<LockedPageData['support']>): string {
  const contact = support.url === undefined
    ? escapeHtml(support.contact)
    : `<a href="${escapeHtml(support.url)}">${escapeHtml(support.contact)}</a>`;
  return escapeHtml(fill(page.texts.lockedAskSupport, { contact: '\u0000' })).replace('\u0000', contact);
}

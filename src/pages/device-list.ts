import { escapeHtml, postForm, text } from './html.js';
import type { DeviceView, PageBase } from './types.js';

/** A day as a machine-readable <time>: 2026-12-04. */
export function day(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
}

/** Remembered browsers with their last use, each with "Forget", and "Forget all devices". */
export function deviceList(page: PageBase, devices: DeviceView[]): string {
  if (devices.length === 0) return `<p>${text(page, 'devicesNone')}</p>`;
  const rows = devices.map((d) => `<li><strong>${escapeHtml(d.label)}</strong>${d.current ? ` ${text(page, 'deviceThis')}` : ''}
<span class="muted">${escapeHtml(page.texts.deviceLastUsed).replace('{date}', day(d.lastUsedAt))}</span>
${postForm(page, `/devices/${d.id}/delete`, `<button type="submit" class="secondary" aria-label="${text(page, 'forgetDeviceLabel', { label: d.label })}">${text(page, 'forgetDevice')}</button>`)}</li>`);
  return `<ul class="list" id="devices">
${rows.join('\n')}
</ul>
${postForm(page, '/devices/delete', `<button type="submit" class="danger">${text(page, 'forgetAllDevices')}</button>`)}`;
}

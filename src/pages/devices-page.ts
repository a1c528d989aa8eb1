import { escapeHtml, layout, text } from './html.js';
import { deviceList } from './device-list.js';
import type { DevicesPageData } from './types.js';

export function renderDevicesPage(data: DevicesPageData): string {
  const title = data.texts.devicesHeading;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
${deviceList(data, data.devices)}
<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'backToSettings')}</a></p>`);
}

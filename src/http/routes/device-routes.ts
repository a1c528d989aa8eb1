import type { Request, Response, Router } from 'express';
import { revokeAllDevices, revokeDevice } from '../../core/trusted-device.js';
import { TwoStepError } from '../../errors.js';
import { escapeHtml, layout } from '../../pages/html.js';
import { clearDeviceCookie } from '../device-cookie.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../negotiate.js';
import { requireVerified } from '../stage.js';

function deviceId(req: Request): string {
  const id = req.params.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new TwoStepError('invalid_request', 'That is not a valid device id.');
  return id;
}

/** Remembered browsers: list them, forget one or all. Only from a verified session. */
export function mountDeviceRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath } = ctx.options;
  const iso = (ms: number) => new Date(ms).toISOString();

  router.get('/devices', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const devices = (await ctx.store.listDevices(stage.userId, ctx.options.now()))
      .map((d) => ({ id: d.id, label: d.label, createdAt: iso(d.createdAt), lastUsedAt: iso(d.lastUsedAt), expiresAt: iso(d.expiresAt) }));
    if (wantsJson(req)) return res.json({ devices });
    const rows = devices.map((d) => `<li>${escapeHtml(d.label)}, last used <time datetime="${d.lastUsedAt}">${escapeHtml(d.lastUsedAt.slice(0, 10))}</time>
<form method="post" action="${escapeHtml(mountPath)}/devices/${escapeHtml(d.id)}/delete"><button type="submit">Forget</button></form></li>`).join('');
    res.type('html').send(layout('Remembered devices', `<h1>Remembered devices</h1>
${devices.length ? `<ul>${rows}</ul><form method="post" action="${escapeHtml(mountPath)}/devices/delete"><button type="submit">Forget all devices</button></form>` : '<p>No device is remembered.</p>'}
<p><a href="${escapeHtml(mountPath)}">Back to settings</a></p>`));
  });

  const revokeOne = async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const revoked = await revokeDevice(ctx, { userId: stage.userId, ip: req.ip }, deviceId(req));
    if (wantsJson(req)) return res.json({ revoked: revoked ? 1 : 0 });
    res.redirect(303, `${mountPath}/devices`);
  };
  const revokeAll = async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const revoked = await revokeAllDevices(ctx, { userId: stage.userId, ip: req.ip });
    clearDeviceCookie(req, res);
    if (wantsJson(req)) return res.json({ revoked });
    res.redirect(303, `${mountPath}/devices`);
  };
  router.delete('/devices/:id', revokeOne);
  router.delete('/devices', revokeAll);
  // HTML forms cannot send DELETE.
  router.post('/devices/delete', revokeAll);
  router.post('/devices/:id/delete', revokeOne);
}

import type { Request, Response, Router } from 'express';
import { revokeAllDevices, revokeDevice } from '../../core/trusted-device.js';
import { TwoStepError } from '../../errors.js';
import { deviceViews } from '../view-models/device-views.js';
import { pageBase } from '../view-models/page-base.js';
import { sendPage } from '../respond/send-page.js';
import { clearDeviceCookie } from '../request/device-cookie.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { requireVerified } from '../session/stage.js';

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
    const devices = await deviceViews(ctx, req, stage.userId);
    if (wantsJson(req)) {
      return res.json({
        devices: devices.map((d) => ({ id: d.id, label: d.label, current: d.current, createdAt: iso(d.createdAt), lastUsedAt: iso(d.lastUsedAt), expiresAt: iso(d.expiresAt) })),
      });
    }
    sendPage(res, ctx.pages.devices({ ...pageBase(ctx, req), devices }));
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

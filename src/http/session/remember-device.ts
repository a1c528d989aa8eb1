import type { Request, Response } from 'express';
import { rememberSecondsFor, trustDevice } from '../../core/trusted-device.js';
import type { HttpContext } from '../http-context.js';
import { deviceLabel, writeDeviceCookie } from '../request/device-cookie.js';

/** The session is already upgraded: failing to remember the browser must not undo the sign-in. */
export async function rememberThisDevice(ctx: HttpContext, req: Request, res: Response, userId: string, user: unknown): Promise<void> {
  try {
    // An organisation may remember browsers for fewer days than the option, or not at all.
    const maxAgeSeconds = await rememberSecondsFor(ctx, user);
    if (maxAgeSeconds === 0) return;
    const cookie = await trustDevice(ctx, { userId, ip: req.ip }, deviceLabel(req), maxAgeSeconds);
    writeDeviceCookie(req, res, cookie.value, cookie.expiresAt, ctx.options.now());
  } catch (error) {
    console.warn('twostep: could not remember this device; the user will be asked for a code next time', error);
  }
}

import type { Request } from 'express';
import type { DeviceView } from '../pages/types.js';
import { readDeviceCookie } from './device-cookie.js';
import type { HttpContext } from './http-context.js';

/** The user's remembered browsers, marking the one this request comes from. */
export async function deviceViews(ctx: HttpContext, req: Request, userId: string): Promise<DeviceView[]> {
  const currentId = readDeviceCookie(req)?.split('.')[0];
  const devices = await ctx.store.listDevices(userId, ctx.options.now());
  return devices.map((d) => ({
    id: d.id,
    label: d.label,
    createdAt: d.createdAt,
    lastUsedAt: d.lastUsedAt,
    expiresAt: d.expiresAt,
    current: d.id === currentId,
  }));
}

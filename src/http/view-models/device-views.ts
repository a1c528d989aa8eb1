import type { Request } from 'express';
import { listTrustedDevices } from '../../core/trusted-device.js';
import type { DeviceView } from '../../pages/types.js';
import { readDeviceCookie } from '../request/device-cookie.js';
import type { HttpContext } from '../http-context.js';

/** The user's remembered browsers, marking the one this request comes from. */
export async function deviceViews(ctx: HttpContext, req: Request, userId: string): Promise<DeviceView[]> {
  const currentId = readDeviceCookie(req)?.split('.')[0];
  const devices = await listTrustedDevices(ctx, userId);
  return devices.map((device) => ({ ...device, current: device.id === currentId }));
}

import type { Request, Response } from 'express';

export const DEVICE_COOKIE = 'twostep_device';

/** Reads our one cookie from the header, without requiring cookie-parser in the app. */
export function readDeviceCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
    return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, Secure over HTTPS, for the whole site, until the record expires. */
export function writeDeviceCookie(req: Request, res: Response, value: string, expiresAt: number, nowMs: number): void {
  res.cookie(DEVICE_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: Math.max(0, expiresAt - nowMs),
    encode: String,
  });
}

export function clearDeviceCookie(req: Request, res: Response): void {
  res.clearCookie(DEVICE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** "Chrome on Windows": enough for a person to recognise the device in a list. */
export function deviceLabel(req: Request): string {
  const ua = String(req.headers['user-agent'] ?? '');
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'A browser';
  const platform = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return platform ? `${browser} on ${platform}` : browser;
}

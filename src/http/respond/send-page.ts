import type { Response } from 'express';

/**
 * No inline script or style anywhere: the pages load one stylesheet and one script from the
 * mount path. Forms may only post back here, and nobody may frame the pages (clickjacking a
 * "Turn off" button). The QR code is inline SVG markup, which needs no exception.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Every HTML page twostep answers with goes out through here, with its security headers. */
export function sendPage(res: Response, html: string, status = 200): void {
  res.status(status)
    .set({
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    })
    .type('html')
    .send(html);
}

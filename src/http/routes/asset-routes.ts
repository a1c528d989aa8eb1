import type { Request, Response, Router } from 'express';
import { servedAssets } from '../../pages/assets/served-assets.js';

/**
 * The pages' stylesheet and script. Their names carry a content hash, so a browser may keep
 * them for a year; anyone may fetch them (they hold nothing private), signed in or not.
 */
export function mountAssetRoutes(router: Router): void {
  router.get('/assets/:name', (req: Request, res: Response) => {
    const asset = servedAssets.get(String(req.params.name));
    if (!asset) return res.status(404).type('text/plain').send('Not found.');
    res.set({
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    }).type(asset.contentType).send(asset.body);
  });
}

/**
 * The clinic's admin page, built on twoStep.admin: only admins, and only with a real second
 * factor in the last 15 minutes (an office-network or remembered-device skip is not enough).
 */
import express from 'express';
import type { TwoStep } from '../src/index.js';
import { adminPage } from './pages.js';
import { demoUsers, findById, type DemoUser } from './users.js';

export function adminRoutes(twoStep: TwoStep): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (!req.isAuthenticated()) return res.redirect('/login');
    if (!(req.user as DemoUser).roles.includes('admin')) return res.status(403).send('Administrators only.');
    next();
  });
  router.use(twoStep.require({ maxAgeSeconds: 900 }));
  router.use(twoStep.csrfProtection);

  async function renderAdmin(req: express.Request, res: express.Response, message?: string) {
    const rows = await Promise.all(demoUsers.map(async (user) => {
      const status = await twoStep.admin.status(user.id);
      return { user, enabled: status.enabled, methods: status.methods.map((m) => m.label), lockedUntil: status.lockedUntil, recoveryCodesLeft: status.recoveryCodesLeft };
    }));
    res.type('html').send(adminPage(rows, twoStep.csrfToken(req), message));
  }

  router.get('/', (req, res) => renderAdmin(req, res));
  router.post('/:id/unlock', async (req, res) => {
    const user = findById(String(req.params.id));
    if (!user) return res.status(404).send('No such user.');
    await twoStep.admin.unlock(user.id, { ip: req.ip });
    await renderAdmin(req, res, `${user.name} is unlocked.`);
  });
  router.post('/:id/reset', async (req, res) => {
    const user = findById(String(req.params.id));
    if (!user) return res.status(404).send('No such user.');
    await twoStep.admin.reset(user.id, { requireSetup: req.body?.requireSetup === '1', ip: req.ip });
    await renderAdmin(req, res, `${user.name}'s two-step verification was reset; they have been emailed.`);
  });
  return router;
}

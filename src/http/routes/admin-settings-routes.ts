import type { Request, Response, Router } from 'express';
import { METHOD_TYPES } from '../../methods/method-units.js';
import { settingsOf, type OrganisationSettingsRecord } from '../../organisations/settings.js';
import { isTwoStepError } from '../../errors.js';
import { CSRF_FIELD } from '../../pages/csrf-names.js';
import type { AdminFieldError, AdminSettingsValues } from '../../pages/types.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { bodyOf } from '../request/request-body.js';
import { queryParam } from '../request/query-param.js';
import { pageLanguage } from '../request/page-language.js';
import { sendPage } from '../respond/send-page.js';
import { keepSettingsDraft, takeSettingsDraft } from '../session/settings-draft.js';
import { adminPageBase } from '../view-models/admin-page-base.js';
import { changesFromForm, changesFromJson, expectedVersionOf, formErrors, formValues } from '../view-models/admin-settings-form.js';
import { pathParam, requireOrganisation } from './admin-access.js';
import { scopeOf } from './admin-scope.js';
import type { AdminServices } from './admin-services.js';
import { recentFactorOrAnswer } from './admin-step-up.js';

const iso = (ms: number) => new Date(ms).toISOString();
const HISTORY_PAGE = 50;

/** The SPEC's settings answer; `version` is what `expectedVersion` takes. */
export function settingsJson(record: OrganisationSettingsRecord) {
  const configured = record.version > 0;
  return {
    ...settingsOf(record),
    version: record.version,
    updatedAt: configured ? iso(record.updatedAt) : null,
    updatedBy: configured ? record.updatedBy : null,
  };
}

/** An organisation's settings (read, change) and history, as JSON and as pages. */
export function mountAdminSettingsRoutes(router: Router, ctx: HttpContext, services: AdminServices): void {
  const { organisations } = services;
  const settingsPath = (req: Request, orgId: string) => `${req.baseUrl}/organisations/${encodeURIComponent(orgId)}/settings`;

  const renderForm = (req: Request, res: Response, orgId: string, record: OrganisationSettingsRecord, form: {
    values?: AdminSettingsValues; errors?: AdminFieldError[]; saved?: boolean; draftKept?: boolean; error?: string; status?: number;
  } = {}) => {
    const configured = record.version > 0;
    sendPage(res, ctx.pages.adminSettings({
      ...adminPageBase(ctx, req, orgId),
      orgId,
      version: record.version,
      values: form.values ?? formValues(record),
      errors: form.errors ?? [],
      methodTypes: [...METHOD_TYPES],
      updatedAt: configured ? record.updatedAt : null,
      updatedBy: configured ? record.updatedBy : null,
      ...(form.saved ? { saved: true } : {}),
      ...(form.draftKept ? { draftKept: true } : {}),
      ...(form.error === undefined ? {} : { error: form.error }),
    }), form.status ?? 200);
  };

  router.get('/organisations/:orgId/settings', async (req: Request, res: Response) => {
    const orgId = pathParam(req, 'orgId', 'organisation id');
    requireOrganisation(scopeOf(req), orgId);
    const record = await organisations.get(orgId);
    if (wantsJson(req)) return res.json(settingsJson(record));
    // Back from confirming it is them: the form as they typed it, still to be saved.
    const draft = takeSettingsDraft(req, orgId, ctx.options.now());
    if (draft) {
      return renderForm(req, res, orgId, { ...record, version: draft.expectedVersion ?? record.version }, { values: draft.values, draftKept: true });
    }
    renderForm(req, res, orgId, record, { saved: queryParam(req, 'saved') === '1' });
  });

  const save = async (req: Request, res: Response) => {
    const orgId = pathParam(req, 'orgId', 'organisation id');
    const scope = scopeOf(req);
    requireOrganisation(scope, orgId);
    const body = bodyOf(req);
    const expectedVersion = expectedVersionOf(body);
    const json = wantsJson(req);
    const form = json ? undefined : changesFromForm(body);
    // A browser sent to confirm it is them comes back to what they typed, not to the stored settings.
    const keepDraft = form && (() => keepSettingsDraft(req, { orgId, values: form.values, at: ctx.options.now(), ...(expectedVersion === undefined ? {} : { expectedVersion }) }));
    if (!recentFactorOrAnswer(ctx, req, res, settingsPath(req, orgId), keepDraft || undefined)) return;
    const changes = form ? form.changes : changesFromJson(body, [CSRF_FIELD, ctx.options.appCsrf.field]);
    try {
      const record = await organisations.update(orgId, changes, { by: scope.adminId, ...(expectedVersion === undefined ? {} : { expectedVersion }) });
      if (json) return res.json(settingsJson(record));
      res.redirect(303, `${settingsPath(req, orgId)}?saved=1`);
    } catch (error) {
      if (!form || !isTwoStepError(error) || (error.code !== 'invalid_settings' && error.code !== 'edit_conflict')) throw error;
      // The form again, as typed, each refusal beside its field; nothing was saved.
      const current = await organisations.get(orgId);
      if (error.code === 'edit_conflict') {
        return renderForm(req, res, orgId, current, { values: form.values, error: pageLanguage(ctx, req).pages.adminEditConflict, status: 409 });
      }
      const fields = error.details.fields ?? [];
      renderForm(req, res, orgId, { ...current, version: expectedVersion ?? current.version }, { values: form.values, errors: formErrors(fields, form.values, pageLanguage(ctx, req).pages), status: 400 });
    }
  };
  router.put('/organisations/:orgId/settings', save);
  // HTML forms cannot send PUT.
  router.post('/organisations/:orgId/settings', save);

  router.get('/organisations/:orgId/history', async (req: Request, res: Response) => {
    const orgId = pathParam(req, 'orgId', 'organisation id');
    requireOrganisation(scopeOf(req), orgId);
    const before = queryParam(req, 'before');
    const beforeVersion = before !== undefined && /^\d{1,12}$/.test(before) ? Number(before) : undefined;
    const entries = await organisations.history(orgId, { limit: HISTORY_PAGE, ...(beforeVersion === undefined ? {} : { beforeVersion }) });
    if (wantsJson(req)) {
      return res.json(entries.map((e) => ({ version: e.version, at: iso(e.at), by: e.by, before: e.before, after: e.after })));
    }
    const last = entries[entries.length - 1];
    sendPage(res, ctx.pages.adminHistory({
      ...adminPageBase(ctx, req, orgId),
      orgId,
      entries,
      ...(entries.length === HISTORY_PAGE && last && last.version > 1
        ? { olderHref: `${req.baseUrl}/organisations/${encodeURIComponent(orgId)}/history?before=${last.version}` } : {}),
    }));
  });
}

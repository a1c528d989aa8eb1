/**
 * The example clinic's Administration pages (twoStep.adminRouter) in Chromium, every page
 * screenshotted and checked with axe-core: olga, Riverside's practice manager, sets up her
 * authenticator app, opens Administration from the home page, requires everybody, reads the
 * history and signs Paul out everywhere; later, her code too old, she changes the grace days,
 * confirms it is her and is brought back to what she typed; paul must then set up at his next
 * sign-in. hugo (Hillside) is refused Riverside's page. In Spanish, a wrong office network is
 * named in Spanish beside the field.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { findByUsername } from '../examples/users.js';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { heading, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';

const path = (url: string) => new URL(url).pathname;

describe('browser: the example app\'s Administration', () => {
  browserTest('olga requires everybody at Riverside; a draft survives the step-up; paul must set up next; hugo is refused', 'example-admin', async (b) => {
    const { page, demo } = b;
    await b.signIn('olga');
    const key = await turnOnAuthenticatorApp(b, 'olga');
    await keepRecoveryCodes(b);
    await b.go('/', 'home');
    await b.submit(page.getByRole('link', { name: /^Administration/ }), 'settings');
    assert.equal(await heading(b), 'Two-step verification settings for riverside');

    await page.getByLabel('Everybody in this organisation').check();
    await b.submit(page.getByRole('button', { name: 'Save settings' }), 'saved');
    await page.getByText('Your changes are saved.').waitFor();
    assert.equal((await demo.twoStep.organisations.get('riverside')).enforcement, 'all');

    await b.submit(page.getByRole('link', { name: 'History of changes' }), 'history');
    await page.getByText('Who must use it: the groups staff, admin → everybody').waitFor();

    await b.submit(page.getByRole('link', { name: 'People' }), 'people');
    await b.submit(page.getByRole('link', { name: 'Paul Parent' }), 'paul');
    assert.equal(await heading(b), 'Two-step verification for paul'); // users.label: the account name
    await b.submit(page.getByRole('button', { name: 'Sign out everywhere…' }), 'sign-out-confirm');
    await b.submit(page.getByRole('button', { name: 'Yes, do it' }), 'signed-out-everywhere');
    await page.getByText('They are signed out everywhere.').waitFor();

    // Six minutes later her code is too old for a change: she confirms, and finds her words kept.
    b.clock.advanceSeconds(360);
    await b.go('/admin/2fa/organisations/riverside/settings', 'settings-later');
    await page.getByLabel('Days to set it up').fill('3');
    await b.submit(page.getByRole('button', { name: 'Save settings' }), 'confirm-first');
    assert.equal(await heading(b), "Confirm it's you");
    await page.getByLabel('Verification code').fill(appCode(key, b.clock.now()));
    await b.submit(page.getByRole('button', { name: 'Confirm', exact: true }), 'draft-kept');
    assert.equal(path(page.url()), '/admin/2fa/organisations/riverside/settings');
    await page.getByText('What you typed before confirming it is you is below, not saved yet.').waitFor();
    assert.equal(await page.getByLabel('Days to set it up').inputValue(), '3');
    assert.equal((await demo.twoStep.organisations.get('riverside')).graceDays, 0, 'not saved before she presses Save');
    await b.submit(page.getByRole('button', { name: 'Save settings' }), 'draft-saved');
    await page.getByText('Your changes are saved.').waitFor();
    assert.equal((await demo.twoStep.organisations.get('riverside')).graceDays, 3);
    await b.signOut();

    // Everybody is required now, with 3 days to set it up: paul is asked to set it up.
    await b.signIn('paul');
    assert.equal(path(page.url()), '/2fa/prompt', 'within the grace days paul is asked, not yet forced');
    await b.signOut();

    // hugo manages Hillside only.
    await b.signIn('hugo');
    await turnOnAuthenticatorApp(b, 'hugo');
    await keepRecoveryCodes(b);
    await b.go('/admin/2fa/organisations/riverside/settings', 'hugo-refused');
    assert.equal(await heading(b), 'Not available to you');
    const refused = b.documents.at(-1);
    assert.equal(refused?.status(), 403);
  });

  browserTest('en español: una red mal escrita se nombra en español junto al campo, y lo escrito se conserva', 'example-admin-es', async (b) => {
    const { page, demo } = b;
    await b.signIn('olga');
    await b.submit(page.getByRole('button', { name: 'Usar una aplicación de autenticación' }), 'aplicacion');
    const key = await readSetupKey(page);
    await page.getByLabel('Contraseña actual').fill(findByUsername('olga')!.password);
    await page.getByLabel('Código de la aplicación').fill(appCode(key, b.clock.now()));
    await b.submit(page.getByRole('button', { name: 'Activar', exact: true }), 'codigos');
    await page.getByLabel('Ya guardé estos códigos').check();
    await b.submit(page.getByRole('button', { name: 'Continuar' }), 'inicio');
    await b.go('/admin/2fa/organisations/riverside/settings', 'configuracion');
    assert.equal(await heading(b), 'Configuración de la verificación en dos pasos de riverside');
    const networks = page.getByLabel('Redes de la oficina que no piden código');
    await networks.fill('10.20.0.0/16\n10.20.0.0/33');
    await b.submit(page.getByRole('button', { name: 'Guardar configuración' }), 'rechazada');
    await page.getByRole('alert').getByRole('link', { name: /Línea 2 \(“10\.20\.0\.0\/33”\): el número después de “\/” llega como máximo a 32/ }).waitFor();
    assert.equal(await networks.inputValue(), '10.20.0.0/16\n10.20.0.0/33');
    assert.deepEqual((await demo.twoStep.organisations.get('riverside')).skipNetworks, ['10.20.0.0/16'], 'nothing saved');
  }, { locale: 'es-MX' });
});

/**
 * The pages in Spanish and in Finnish, as a Spanish-speaking parent's or a Finnish vet's
 * browser asks for them (`lang: 'auto'` in the demo, the browser's locale sending
 * Accept-Language): forced setup, the authenticator setup, the recovery codes, settings, the
 * challenge and the locked page. Each page is screenshotted (test-output/screenshots/
 * languages-es-…, languages-fi-…) and checked like every other page in the browser tests.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { findByUsername } from '../examples/users.js';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { browserTest, type BrowserDemo } from './support/browser-demo.js';
import { heading, wrongCode } from './support/browser-flows.js';

interface Words {
  locale: string;
  lang: string;
  setupTitle: string;
  useApp: string;
  appTitle: string;
  password: string;
  appCode: string;
  turnOn: string;
  recoveryTitle: string;
  saved: string;
  continue: string;
  settingsTitle: string;
  verifyTitle: string;
  code: string;
  verify: string;
  lockedTitle: string;
}

const SPANISH: Words = {
  locale: 'es-MX', lang: 'es',
  setupTitle: 'Configurar la verificación en dos pasos',
  useApp: 'Usar una aplicación de autenticación',
  appTitle: 'Configurar su aplicación de autenticación',
  password: 'Contraseña actual',
  appCode: 'Código de la aplicación',
  turnOn: 'Activar',
  recoveryTitle: 'Guarde sus códigos de recuperación',
  saved: 'Ya guardé estos códigos',
  continue: 'Continuar',
  settingsTitle: 'Verificación en dos pasos',
  verifyTitle: 'Confirme que es usted',
  code: 'Código de verificación',
  verify: 'Verificar',
  lockedTitle: 'Demasiados intentos fallidos',
};

const FINNISH: Words = {
  locale: 'fi-FI', lang: 'fi',
  setupTitle: 'Ota kaksivaiheinen tunnistautuminen käyttöön',
  useApp: 'Käytä todennussovellusta',
  appTitle: 'Ota todennussovellus käyttöön',
  password: 'Nykyinen salasana',
  appCode: 'Sovelluksen koodi',
  turnOn: 'Ota käyttöön',
  recoveryTitle: 'Tallenna varakoodisi',
  saved: 'Olen tallentanut nämä koodit',
  continue: 'Jatka',
  settingsTitle: 'Kaksivaiheinen tunnistautuminen',
  verifyTitle: 'Vahvista henkilöllisyytesi',
  code: 'Vahvistuskoodi',
  verify: 'Vahvista',
  lockedTitle: 'Liian monta epäonnistunutta yritystä',
};

async function assertPage(b: BrowserDemo, words: Words, title: string): Promise<void> {
  assert.equal(await b.page.locator('html').getAttribute('lang'), words.lang);
  assert.equal(await heading(b), title);
}

/** nora (staff: must verify) sets up her app in the browser's language, then is locked out by wrong codes. */
async function throughEveryPage(b: BrowserDemo, words: Words): Promise<void> {
  const { page } = b;
  await b.signIn('nora');
  await assertPage(b, words, words.setupTitle);

  await b.submit(page.getByRole('button', { name: words.useApp }), 'authenticator-setup');
  await assertPage(b, words, words.appTitle);
  const key = await readSetupKey(page);
  await page.getByLabel(words.password).fill(findByUsername('nora')!.password);
  await page.getByLabel(words.appCode).fill(appCode(key, b.clock.now()));
  await b.submit(page.getByRole('button', { name: words.turnOn, exact: true }), 'recovery-codes');
  await assertPage(b, words, words.recoveryTitle);
  await page.getByLabel(words.saved).check();
  await b.submit(page.getByRole('button', { name: words.continue }), 'after-recovery-codes');

  await b.go('/2fa', 'settings');
  await assertPage(b, words, words.settingsTitle);
  await b.signOut();
  b.clock.advanceSeconds(30);

  await b.signIn('nora');
  await assertPage(b, words, words.verifyTitle);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await page.getByLabel(words.code).fill(wrongCode(key, b.clock.now()));
    await b.submit(page.getByRole('button', { name: words.verify, exact: true }), `wrong-code-${attempt}`);
  }
  await assertPage(b, words, words.lockedTitle);
  // The lock's end in the reader's own time, written the language's way (not "Dec 2, 2026").
  const until = (await page.getByRole('alert').locator('time[data-local]').textContent()) ?? '';
  assert.doesNotMatch(until, /UTC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/, `locked until, in ${words.lang}: ${until}`);
}

describe('browser: the pages in Spanish and Finnish', () => {
  browserTest('a Spanish browser gets every page in Spanish: setup, recovery codes, settings, challenge, locked', 'languages-es', (b) => throughEveryPage(b, SPANISH), { locale: SPANISH.locale });
  browserTest('a Finnish browser gets every page in Finnish: setup, recovery codes, settings, challenge, locked', 'languages-fi', (b) => throughEveryPage(b, FINNISH), { locale: FINNISH.locale });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp, parseRecoveryCode, RECOVERY_CODE_ENTROPY_BITS } from '../src/testing/index.js';
import { enrolledAndPending } from './support/enrolled-user.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent } from './support/test-app.js';
import { recoveryCodesLeft } from './support/enrolment-reads.ts';

const JSON_TYPE = 'application/json';

function verifyWith(agent: Agent, recoveryCode: unknown) {
  return agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode });
}

describe('recovery codes', () => {
  it('issues 10 distinct codes of >= 64 bits, in dash groups without look-alikes, when 2FA is first turned on', async () => {
    const { recoveryCodes, first, clock } = await enrolledAndPending();
    assert.ok(RECOVERY_CODE_ENTROPY_BITS >= 64, `${RECOVERY_CODE_ENTROPY_BITS} bits`);
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    for (const code of recoveryCodes) {
      assert.match(code, /^[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}$/);
      assert.doesNotMatch(code, /[015O8BISZL2]/);
    }
    const status = await first.get('/2fa/status');
    assert.equal(status.body.recoveryCodesLeft, 10);
    // A second method is not "turning 2FA on": no new codes, the first set stays valid.
    const second = await enrolTotp(first, clock);
    assert.deepEqual(second.recoveryCodes, []);
    assert.equal((await first.get('/2fa/status')).body.recoveryCodesLeft, 10);
  });

  it('shows the codes once on a page when 2FA is turned on from a browser', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const started = await agent.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
    const page = await agent.post(`/2fa/methods/${started.body.id}/confirm`).type('form').set('Accept', 'text/html')
      .send(`code=${generateTotp({ secret: started.body.secret, nowMs: clock.now() })}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /shown this once/);
    const shown = [...page.text.matchAll(/<li><code class="key">([^<]+)<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(shown.length, 10);
    for (const code of shown) assert.match(code!, /^[34679A-Z]{5}-[34679A-Z]{5}-[34679A-Z]{5}$/);
    // The download link carries the same ten codes, for the text file.
    const download = /href="(data:text\/plain[^"]+)" download="recovery-codes.txt"/.exec(page.text)?.[1];
    assert.ok(download, 'a download link');
    const file = decodeURIComponent(download.replace(/&amp;/g, '&').slice(download.indexOf(',') + 1));
    for (const code of shown) assert.ok(file.includes(code!), 'every code is in the file');
    assert.match(page.text, /<input type="checkbox" id="saved" name="saved" value="1" required>/);
    assert.equal(page.headers['cache-control'], 'no-store');
  });

  it('signs in once per code, case-insensitively and with or without dashes, as amr pwd+recovery', async () => {
    const { agent, app, recoveryCodes } = await enrolledAndPending();
    const [firstCode, secondCode] = recoveryCodes as [string, string];
    const ok = await verifyWith(agent, firstCode.toLowerCase().replace(/-/g, ''));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.verified, true);
    assert.equal(ok.body.recoveryCodesLeft, 9);
    const me = await agent.get('/api/me');
    assert.deepEqual(me.body.session.amr, ['pwd', 'recovery']);
    assert.equal((await agent.get('/2fa/status')).body.recoveryCodesLeft, 9);

    const again = request.agent(app);
    await logIn(again, 'alice');
    const reused = await verifyWith(again, firstCode);
    assert.equal(reused.status, 401, 'a spent code never works again');
    assert.equal(reused.body.error, 'invalid_code');
    // Through the Passport strategy too, with spaces between groups.
    const viaPassport = await again.post('/2fa/passport').set('Accept', JSON_TYPE).send({ recoveryCode: ` ${secondCode.replace(/-/g, ' ')} ` });
    assert.equal(viaPassport.status, 200);
    assert.deepEqual(viaPassport.body.twoStep.amr, ['pwd', 'recovery']);
  });

  it('counts wrong recovery codes toward the same lockout as wrong app codes', async () => {
    const { agent, store, recoveryCodes, clock } = await enrolledAndPending();
    for (let i = 1; i <= 5; i += 1) {
      const res = await verifyWith(agent, 'AAAAA-AAAAA-AAAAA');
      assert.equal(res.status, 401);
      assert.equal(res.body.attemptsLeft, 5 - i);
    }
    const locked = await verifyWith(agent, recoveryCodes[0]);
    assert.equal(locked.status, 429, 'a right code is not even compared while locked');
    assert.equal(locked.body.error, 'locked');
    assert.equal(await recoveryCodesLeft(store, 'u-alice'), 10, 'and not spent');
    clock.advanceSeconds(1800);
    // The half-finished sign-in ended long before the lock did: the password again first.
    assert.equal((await logIn(agent, 'alice')).status, 401);
    assert.equal((await verifyWith(agent, recoveryCodes[0])).status, 200);
  });

  it('refuses malformed recovery codes with 400 before counting anything', async () => {
    const { agent, store, clock } = await enrolledAndPending();
    const bad: unknown[] = [12345, ['AAAAA-AAAAA-AAAAA'], { $ne: '' }, 'AAAAA-AAAAA', 'AAAAA--AAAAA-AAAAA', 'OOOOO-OOOOO-OOOOO',
      'ＡＡＡＡＡ-ＡＡＡＡＡ-ＡＡＡＡＡ', 'K'.repeat(15).replace(/K/g, '\u212A'), 'A'.repeat(100)];
    for (const code of bad) {
      const res = await verifyWith(agent, code);
      assert.equal(res.status, 400, JSON.stringify(code));
      assert.equal(res.body.error, 'invalid_request');
    }
    const both = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: '123456', recoveryCode: 'AAAAA-AAAAA-AAAAA' });
    assert.equal(both.status, 400, 'a code and a recovery code at once is ambiguous');
    assert.deepEqual(await store.getLockState('u-alice', clock.now()), { failures: 0, lockedUntil: null });
    assert.equal(await recoveryCodesLeft(store, 'u-alice'), 10);
  });

  it('offers a recovery code on the challenge page, and takes it from a form', async () => {
    const { agent, recoveryCodes } = await enrolledAndPending();
    const page = await agent.get('/2fa/verify').set('Accept', 'text/html');
    assert.match(page.text, /<a href="\/2fa\/verify\?use=recovery">Use a recovery code<\/a>/);
    const form = await agent.get('/2fa/verify?use=recovery').set('Accept', 'text/html');
    assert.match(form.text, /<label for="recovery-code">Recovery code<\/label>/);
    assert.match(form.text, /name="recoveryCode"/);
    const wrong = await agent.post('/2fa/verify').type('form').set('Accept', 'text/html').send('recoveryCode=AAAAA-AAAAA-AAAAA');
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"/);
    assert.match(wrong.text, /name="recoveryCode"/, 'a wrong recovery code shows the recovery form again');
    const ok = await agent.post('/2fa/verify').type('form').set('Accept', 'text/html').send(`recoveryCode=${recoveryCodes[2]}`);
    assert.equal(ok.status, 303);
    assert.equal((await agent.get('/api/me')).status, 200);
  });

  it('regenerating replaces every earlier code', async () => {
    const { first, app, recoveryCodes } = await enrolledAndPending();
    const regenerated = await first.post('/2fa/recovery-codes').set('Accept', JSON_TYPE);
    assert.equal(regenerated.status, 200);
    const fresh = regenerated.body.codes as string[];
    assert.equal(fresh.length, 10);
    assert.equal(fresh.some((code) => recoveryCodes.includes(code)), false);
    for (const old of recoveryCodes.slice(0, 3)) {
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      assert.equal((await verifyWith(agent, old)).status, 401, 'an old code is dead');
    }
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    assert.equal((await verifyWith(agent, fresh[4])).status, 200);
    assert.equal(parseRecoveryCode(fresh[4]).length, 15);
  });
});

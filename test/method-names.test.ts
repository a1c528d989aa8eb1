/**
 * Every method has a name people can tell apart, on a real Express + express-session +
 * Passport app driven by supertest agents: a second authenticator app is "Authenticator app 2"
 * from its setup on (and stays 2 when the first goes), any method — app, email, text message,
 * passkey — can be given the user's own name (`PATCH /2fa/methods/:id`, or the settings page's
 * form posting to `…/rename`), shown on the settings page and in the challenge's choice; a bad
 * name is a 400 that changes nothing; another user's method, an unfinished setup or the
 * recovery codes are a 404.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { outbox } from './support/outbox.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent } from './support/test-app.ts';

const JSON_TYPE = 'application/json';

function setup() {
  const clock = manualClock();
  const mail = outbox();
  const env = makeTestApp(memoryStore(), clock, { delivery: { email: mail.deliver }, notifications: false });
  return { ...env, clock, mail };
}

async function addApp(agent: Agent, clock: ReturnType<typeof manualClock>) {
  const added = await enrolTotp(agent, clock);
  clock.advanceSeconds(30);
  return added;
}

async function addEmail(env: ReturnType<typeof setup>, agent: Agent, address: string): Promise<string> {
  const started = await agent.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'email', address });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const confirmed = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_TYPE).send({ code: env.mail.lastCode(address) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return started.body.id as string;
}

const status = async (agent: Agent) => (await agent.get('/2fa/status').set('Accept', JSON_TYPE)).body as { methods: { id: string; name?: string; number?: number; label: string }[] };
/** The names the settings page shows, in order. */
const pageNames = async (agent: Agent) => [...(await agent.get('/2fa').set('Accept', 'text/html')).text.matchAll(/<li><strong>([^<]*)<\/strong>/g)].map((m) => m[1]);

describe('method names', () => {
  it('two authenticator apps are "Authenticator app" and "Authenticator app 2"; the number is kept when the first goes', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const first = await addApp(agent, env.clock);
    const second = await addApp(agent, env.clock);
    assert.deepEqual((await status(agent)).methods.map((m) => [m.id, m.number]), [[first.methodId, 1], [second.methodId, 2]]);
    assert.deepEqual(await pageNames(agent), ['Authenticator app', 'Authenticator app 2']);

    // The challenge names them the same way.
    const other = request.agent(env.app);
    await logIn(other, 'alice');
    const challenge = await other.get('/2fa/verify').set('Accept', 'text/html');
    assert.match(challenge.text, /> Authenticator app \(primary\)|> Authenticator app</);
    assert.match(challenge.text, /> Authenticator app 2</);

    const removed = await agent.post(`/2fa/methods/${first.methodId}/delete`).set('Accept', JSON_TYPE).send({ password: 'alice-pass', code: generateTotp({ secret: second.secret, nowMs: env.clock.now() }) });
    assert.ok(removed.status < 300, `${removed.status} ${JSON.stringify(removed.body)}`);
    assert.deepEqual(await pageNames(agent), ['Authenticator app 2'], 'renumbering would make the phone that says "2" a different one');
    await addApp(agent, env.clock);
    assert.deepEqual(await pageNames(agent), ['Authenticator app 2', 'Authenticator app 3']);
  });

  it('any method gets the user\'s own name by PATCH or by the page\'s form; the settings page and the challenge show it, with the type beside it', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const app = await addApp(agent, env.clock);
    const emailId = await addEmail(env, agent, 'alice@clinic.example');

    const patched = await agent.patch(`/2fa/methods/${app.methodId}`).set('Accept', JSON_TYPE).send({ name: '  Work   phone ' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.method.name, 'Work phone');
    const token = /name="_twostep_csrf" value="([^"]+)"/.exec((await agent.get('/2fa').set('Accept', 'text/html')).text)![1]!;
    const posted = await agent.post(`/2fa/methods/${emailId}/rename`).type('form').send({ _twostep_csrf: token, name: 'Home email' });
    assert.equal(posted.status, 303);
    assert.equal(posted.headers.location, '/2fa');

    const page = (await agent.get('/2fa').set('Accept', 'text/html')).text;
    assert.match(page, /<li><strong>Work phone<\/strong> <span class="muted">Authenticator app<\/span>/);
    assert.match(page, /<li><strong>Home email<\/strong> <span class="muted">Email to a•••@clinic\.example<\/span>/);
    assert.match(page, /<summary aria-label="Rename Work phone">Rename<\/summary>/);
    assert.match(page, /<label for="rename-[^"]+">New name for Home email<\/label>/);

    const other = request.agent(env.app);
    await logIn(other, 'alice');
    const challenge = (await other.get('/2fa/verify').set('Accept', 'text/html')).text;
    assert.match(challenge, /Work phone/);
    assert.match(challenge, /Home email/);
  });

  it('a bad name is a 400 that changes nothing; another user\'s method, a setup not finished and the recovery codes are a 404', async () => {
    const env = setup();
    const alice = request.agent(env.app);
    await logIn(alice, 'alice');
    const app = await addApp(alice, env.clock);
    for (const name of ['', '   ', 'x'.repeat(65), 'bell\u0007', 'null\u0000', '\u2028', 42, null, ['Work']]) {
      const bad = await alice.patch(`/2fa/methods/${app.methodId}`).set('Accept', JSON_TYPE).send({ name });
      assert.equal(bad.status, 400, JSON.stringify(name));
      assert.equal(bad.body.error, 'invalid_request');
      assert.match(bad.body.message, /1 to 64 characters/);
    }
    assert.equal((await status(alice)).methods[0]!.name, undefined, 'a refused name was saved');
    // Spaces, tabs and line breaks between words are one space, as the page's one-line field would send them.
    assert.equal((await alice.patch(`/2fa/methods/${app.methodId}`).set('Accept', JSON_TYPE).send({ name: 'Work\tphone\n2' })).body.method.name, 'Work phone 2');
    assert.equal((await alice.patch(`/2fa/methods/${app.methodId}`).set('Accept', JSON_TYPE).send({ name: 'Ünïcödé ✓ 日本 "quoted" <b>' })).status, 200);
    assert.match((await alice.get('/2fa').set('Accept', 'text/html')).text, /<strong>Ünïcödé ✓ 日本 &#34;quoted&#34; &#60;b&#62;<\/strong>|<strong>Ünïcödé ✓ 日本 &quot;quoted&quot; &lt;b&gt;<\/strong>/);

    const bob = request.agent(env.app);
    await logIn(bob, 'bob');
    const bobs = await addApp(bob, env.clock);
    const unfinished = await bob.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
    for (const id of [app.methodId, unfinished.body.id, 'recovery', 'nope']) {
      const refused = await bob.patch(`/2fa/methods/${id}`).set('Accept', JSON_TYPE).send({ name: 'Mine now' });
      assert.equal(refused.status, 404, id);
      assert.equal(refused.body.error, 'method_not_found');
    }
    assert.equal((await status(alice)).methods[0]!.name, 'Ünïcödé ✓ 日本 "quoted" <b>', "bob renamed alice's method");
    assert.equal((await status(bob)).methods.find((m) => m.id === bobs.methodId)!.name, undefined);
    // Not signed in: no renaming at all.
    assert.equal((await request(env.app).patch(`/2fa/methods/${app.methodId}`).set('Accept', JSON_TYPE).send({ name: 'x' })).status, 401);
  });
});

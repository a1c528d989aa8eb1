/**
 * Password-less passkey sign-in refusals, timed by kind of user handle: a live user's, a
 * deleted user's, one we never made, none. They must not be told apart by timing (issue 21):
 * the same work is done for each. Medians of interleaved requests through the real routes
 * (memory store; supertest). Run: node --import tsx bench/passkey-sign-in-timing.bench.ts
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { memoryStore } from '../src/index.ts';
import { addPasskey, ORIGIN, RP_ID, WEBAUTHN } from '../test/support/passkey-app.ts';
import { SoftAuthenticator } from '../test/support/soft-authenticator.ts';
import { logIn, makeTestApp, manualClock } from '../test/support/test-app.ts';

const alice = { id: 'u-alice', username: 'alice', password: 'alice-pass', role: 'staff' };
const { app, twoStep } = makeTestApp(memoryStore(), manualClock(), {
  webauthn: WEBAUTHN,
  dangerouslyDisableAddressLimit: true,
  users: { id: (u) => u.id, label: (u) => u.username, load: (id) => (id === alice.id ? alice : undefined) },
});
app.use('/login/passkey', twoStep.passkeyLogin());

async function handleOf(username: string): Promise<string> {
  const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
  const agent = request.agent(app);
  await logIn(agent, username);
  await addPasskey(agent, key);
  return key.userHandle!;
}

const handles: Record<string, string | undefined> = {
  live: await handleOf('alice'),
  deleted: await handleOf('bob'),
  'made up': Buffer.from(randomBytes(48)).toString('base64url'),
  none: undefined,
};
const stranger = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
const times: Record<string, number[]> = Object.fromEntries(Object.keys(handles).map((k) => [k, []]));
const ROUNDS = 200;
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [kind, handle] of Object.entries(handles)) {
    const options = (await request(app).post('/login/passkey/options').set('Accept', 'application/json').send({})).body.options;
    stranger.userHandle = handle;
    const credential = stranger.assert(options);
    const t0 = process.hrtime.bigint();
    const answer = await request(app).post('/login/passkey').set('Accept', 'application/json').send({ credential });
    times[kind]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (answer.status !== 401) throw new Error(`${kind}: ${answer.status}`);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [kind, list] of Object.entries(times)) console.log(`${kind.padEnd(8)} median ${median(list).toFixed(2)} ms (${ROUNDS} refusals)`);

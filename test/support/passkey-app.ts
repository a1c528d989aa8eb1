/** The test app with passkeys on, and the steps passkey tests share (real routes, a software authenticator). */
import assert from 'node:assert/strict';
import request from 'supertest';
import { memoryStore, type TwoStepStore } from '../../src/index.js';
import { SoftAuthenticator } from './soft-authenticator.ts';
import { logIn, makeTestApp, manualClock, type Agent } from './test-app.js';
import { pendingSession } from './enrolled-user.js';

export const ORIGIN = 'https://clinic.example';
export const RP_ID = 'clinic.example';
export const WEBAUTHN = { rpID: RP_ID, rpName: 'Clinic', origins: [ORIGIN] };
export const json = (agent: Agent, path: string, body: unknown = {}) => agent.post(path).set('Accept', 'application/json').send(body as object);

export function setup(store: TwoStepStore = memoryStore()) {
  const clock = manualClock();
  const made = makeTestApp(store, clock, { webauthn: WEBAUTHN });
  made.app.get('/transfer', made.twoStep.require({ maxAgeSeconds: 300, phishingResistant: true }), (_req, res) => { res.json({ transferred: true }); });
  return { clock, store, ...made };
}

export async function addPasskey(agent: Agent, authenticator: SoftAuthenticator, name?: string) {
  const started = await json(agent, '/2fa/methods', { type: 'webauthn' });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  assert.equal(started.body.options.rp.id, RP_ID);
  assert.equal(started.body.options.attestation, 'none');
  const confirmed = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { credential: authenticator.register(started.body.options), ...(name ? { name } : {}) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { methodId: started.body.id as string, body: confirmed.body };
}

/** Alice with a passkey (her first method), and a fresh browser that has given only the password. */
export async function aliceWithPasskey(options: { keepsCounter?: boolean; store?: TwoStepStore } = {}) {
  const env = setup(options.store);
  const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID, ...(options.keepsCounter === undefined ? {} : { keepsCounter: options.keepsCounter }) });
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  const added = await addPasskey(first, key, 'YubiKey 5');
  const agent = await pendingSession(env.app);
  return { ...env, key, first, agent, ...added };
}

export async function optionsFor(agent: Agent) {
  const answer = await json(agent, '/2fa/webauthn/options');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.options as { challenge: string; allowCredentials: { id: string }[]; rpId: string };
}

export async function failures(store: TwoStepStore, userId = 'u-alice', nowMs = Date.now()) {
  return (await store.getLockState(userId, nowMs)).failures;
}


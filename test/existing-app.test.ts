/**
 * The existing-app fixture (examples/existing-app/) over HTTP: the lines twostep took are the
 * ones marked `// + twostep`, as many as the README says and all shown in docs/existing-apps.md;
 * without them the app is a plain todo app that runs and whose csurf refuses forged forms; with
 * them, csurf still refuses the app's own forms without its token, on Express 4 and 5. The
 * flows through twostep's pages are walked in Chromium by test/browser-existing-app.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { createAppDatabase, type AppDatabase } from './support/app-database.js';
import { PROJECT_ROOT, startExistingApp, twoStepLines, TWOSTEP_MARK, type ExistingApp, type ExpressLine } from './support/existing-app.js';
import { useTestRedis } from './support/redis-fixture.js';

const redis = useTestRedis();
const running: Array<{ app: ExistingApp; database: AppDatabase }> = [];
after(async () => {
  for (const { app, database } of running) {
    await app.remove();
    await database.drop();
  }
});

async function start(line: ExpressLine, withoutTwoStep = false): Promise<ExistingApp> {
  const database = await createAppDatabase(`existing_app_http_e${line}`);
  const app = await startExistingApp({
    line,
    withoutTwoStep,
    env: { DATABASE_URL: database.url, REDIS_URL: redis.server.url, TWOSTEP_SECRET: randomBytes(48).toString('base64'), SESSION_SECRET: randomBytes(24).toString('base64') },
  });
  running.push({ app, database });
  return app;
}

type Agent = ReturnType<typeof request.agent>;

/** csurf's token, from the hidden field of the app's own form on `path`. */
async function csurfToken(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  assert.equal(page.status, 200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(token, `${path} carries csurf's token`);
  return token;
}

function post(agent: Agent, path: string, fields: Record<string, string>) {
  return agent.post(path).type('form').send(new URLSearchParams(fields).toString());
}

describe('examples/existing-app: what twostep added', () => {
  it('is the lines marked `// + twostep`, as many as the README says, each shown in docs/existing-apps.md', () => {
    const added = twoStepLines();
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'existing-apps.md'), 'utf8');
    assert.ok(readme.includes(`took ${added.length} lines`), `the README says it took ${added.length} lines`);
    assert.ok(doc.includes(`${added.length} lines`), `docs/existing-apps.md says ${added.length} lines`);
    for (const { file, line } of added) {
      const code = line.slice(0, line.lastIndexOf(TWOSTEP_MARK)).trim();
      assert.ok(doc.includes(code), `docs/existing-apps.md shows the line of ${file}: ${code}`);
    }
  });

  it('without those lines, the app is the plain todo app: it runs, signs in with passport-local, and csurf refuses a forged form', async () => {
    const app = await start('4', true);
    assert.deepEqual(app.versions, { express: '4.21.2', passport: '0.6.0' });
    const agent = request.agent(app.url);
    const signedUp = await post(agent, '/signup', { _csrf: await csurfToken(agent, '/signup'), username: 'ann', password: 'correct-horse' });
    assert.deepEqual([signedUp.status, signedUp.headers.location], [302, '/']);
    assert.match((await agent.get('/')).text, /Signed in as ann\./);
    assert.equal((await agent.get('/2fa')).status, 404, 'no twostep here');
    assert.equal((await post(agent, '/', { title: 'forged' })).status, 403, 'csurf: no token, no todo');
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/')).text)![1]!;
    assert.equal((await post(agent, '/logout', { _csrf: token })).headers.location, '/');

    const again = request.agent(app.url);
    const wrong = await post(again, '/login/password', { _csrf: await csurfToken(again, '/login'), username: 'ann', password: 'not-it' });
    assert.equal(wrong.headers.location, '/login');
    const right = await post(again, '/login/password', { _csrf: await csurfToken(again, '/login'), username: 'ann', password: 'correct-horse' });
    assert.deepEqual([right.status, right.headers.location], [302, '/']);
    assert.match((await again.get('/')).text, /Signed in as ann\./);
  });

  for (const line of ['4', '5'] as ExpressLine[]) {
    it(`with them, on Express ${line}, the app's csurf still guards the app's own forms, and a password-only user signs in as before`, async () => {
      const app = await start(line);
      const agent = request.agent(app.url);
      const signedUp = await post(agent, '/signup', { _csrf: await csurfToken(agent, '/signup'), username: 'bo', password: 'correct-horse' });
      assert.equal(signedUp.headers.location, '/');
      assert.equal((await post(agent, '/', { title: 'forged' })).status, 403, 'csurf: no token, no todo');
      assert.equal((await agent.get('/2fa/status').set('Accept', 'application/json')).body.state, 'verified');

      const again = request.agent(app.url);
      const right = await post(again, '/login/password', { _csrf: await csurfToken(again, '/login'), username: 'bo', password: 'correct-horse' });
      assert.deepEqual([right.status, right.headers.location], [302, '/']);
    });
  }
});

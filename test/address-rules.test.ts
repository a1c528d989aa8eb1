/**
 * Which client addresses count as IPv4, and which `trust proxy` settings are refused, over
 * real sockets: the app listens on `::` (dual stack), so an IPv4 client arrives as
 * `::ffff:127.0.0.1` and an IPv6 one as `::1`.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { compileNetworks } from '../src/core/network-ranges.js';
import { enrolUser, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

/** An app with alice enrolled, listening on a real dual-stack socket. */
async function listening(extra: Partial<TwoStepOptions<TestUser>>, trustProxy?: unknown) {
  const clock = manualClock();
  const env = makeTestApp(memoryStore(), clock, extra);
  await enrolUser(env.app, clock, 'alice');
  if (trustProxy !== undefined) env.app.set('trust proxy', trustProxy);
  const server = env.app.listen(0, '::');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { v4: `http://127.0.0.1:${port}`, v6: `http://[::1]:${port}` };
}

function signIn(base: string, forwardedFor?: string) {
  const login = request(base).post('/login').set('Accept', 'application/json');
  if (forwardedFor !== undefined) login.set('X-Forwarded-For', forwardedFor);
  return login.send({ username: 'alice', password: 'alice-pass' });
}

const MAPPED = ['::ffff:127.0.0.1', '::FFFF:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:127.0.0.1', '0:0:0:0:0:ffff:7f00:1', '0000:0000:0000:0000:0000:ffff:7f00:0001', '0::ffff:127.0.0.1'];
const COMPATIBLE = ['::127.0.0.1', '::7f00:1', '0:0:0:0:0:0:127.0.0.1', '0:0:0:0:0:0:7f00:1', '0::127.0.0.1'];
const MALFORMED = ['::ffff:127.0.0.01', '::ffff:127.1', '::ffff:0x7f.0.0.1', '::ffff:127.0.0.1%eth0', '1::2::ffff:127.0.0.1', ':ffff:127.0.0.1', '::ffff:127.0.0.1:1'];

describe('IPv4 ranges match only IPv4 and IPv4-mapped addresses', () => {
  it('matches every spelling of ::ffff:127.0.0.1 and none of ::127.0.0.1 (IPv4-compatible) or malformed ones', () => {
    const matcher = compileNetworks(['127.0.0.0/8']);
    for (const address of ['127.0.0.1', ...MAPPED]) assert.equal(matcher.matches(address), true, address);
    for (const address of [...COMPATIBLE, ...MALFORMED]) assert.equal(matcher.matches(address), false, address);
  });

  it('reads an IPv4-compatible range as IPv6: it never matches IPv4 clients', () => {
    const matcher = compileNetworks(['::127.0.0.0/104']);
    assert.equal(matcher.matches('127.0.0.1'), false);
    assert.equal(matcher.matches('::ffff:127.0.0.1'), false);
    assert.equal(matcher.matches('::127.0.0.1'), true);
    assert.equal(matcher.matches('::7f00:1'), true);
  });

  it('over real sockets: an IPv4 client (::ffff:127.0.0.1 on a dual-stack socket) skips, an IPv6 one (::1) does not', async () => {
    const { v4, v6 } = await listening({ skipNetworks: ['127.0.0.0/8'] });
    assert.equal((await signIn(v4)).status, 200);
    const fromV6 = await signIn(v6);
    assert.equal(fromV6.status, 401);
    assert.equal(fromV6.body.error, 'second_factor_required');
    const onlyV6 = await listening({ skipNetworks: ['::1/128'] });
    assert.equal((await signIn(onlyV6.v6)).status, 200);
    assert.equal((await signIn(onlyV6.v4)).status, 401);
  });

  it('through one trusted proxy: mapped spellings skip, IPv4-compatible spellings of the same address are challenged', async () => {
    const { v4 } = await listening({ skipNetworks: ['127.0.0.0/8'] }, 'loopback');
    for (const address of MAPPED) assert.equal((await signIn(v4, address)).status, 200, address);
    for (const address of [...COMPATIBLE, ...MALFORMED]) assert.equal((await signIn(v4, address)).status, 401, address);
  });
});

describe('trust proxy settings', () => {
  /** Signs in with a spoofed X-Forwarded-For; returns the status and what twostep logged. */
  async function spoofed(setting: unknown) {
    const { v4 } = await listening({ skipNetworks: ['10.0.0.0/8'] }, setting);
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    try {
      const res = await signIn(v4, '10.0.0.1');
      return { status: res.status, logged: logged.join('\n') };
    } finally {
      console.error = error;
    }
  }

  it('refuses settings that trust arbitrary public addresses or implausible hop counts, saying how to fix it', async () => {
    const permissive: unknown[] = [true, '0.0.0.0/1,128.0.0.0/1', ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'], '::/1, 8000::/1', '0.0.0.0/2,64.0.0.0/2,128.0.0.0/1', () => true,
      (_address: string, hop: number) => hop < 50, 99, 5];
    for (const setting of permissive) {
      const { status, logged } = await spoofed(setting);
      assert.equal(status, 503, `trust proxy ${String(setting)} must be refused`);
      assert.match(logged, /trust proxy/);
      assert.match(logged, /number of proxies in front of the app/);
    }
  });

  it('accepts a plausible hop count or the proxies\' own addresses', async () => {
    for (const setting of [false, 1, 2, 4, 'loopback', 'loopback, 10.0.0.0/8', ['loopback', '173.245.48.0/20'],
      (address: string) => address === '127.0.0.1' || address === '::ffff:127.0.0.1']) {
      const { status } = await spoofed(setting);
      assert.notEqual(status, 503, `trust proxy ${String(setting)} is a sound setting`);
    }
  });
});

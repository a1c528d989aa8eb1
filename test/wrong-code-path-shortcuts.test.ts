/**
 * The shortcuts the wrong-code path takes (docs/performance.md, "What the profile showed")
 * answer exactly what the long way answers: `Accept: application/json` decides JSON without
 * negotiating, and everything else still negotiates (real Express requests through supertest,
 * on the Express line under test); a client address's keyed hash comes from a bounded
 * per-process cache that gives the same hash as computing it, per secret, never more than
 * 10,000 entries; window entries stay unique across processes and calls.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { addressGroup, addressSlot, ADDRESS_HASH_CACHE_SIZE } from '../src/core/address-limit.ts';
import type { CoreContext } from '../src/core/context.ts';
import { keyedHash } from '../src/crypto/keyed-hash.ts';
import { wantsJson } from '../src/http/request/negotiate.ts';

/** What the negotiation alone answers (the code before the shortcut), for comparison. */
function negotiated(req: express.Request): boolean {
  return req.xhr || Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
}

describe('wrong-code path shortcuts', () => {
  it('wantsJson answers as the negotiation does, for every kind of client', async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }), express.json());
    app.post('/x', (req, res) => res.json({ shortcut: wantsJson(req), negotiated: negotiated(req) }));
    const cases: [string, Record<string, string>, string | object | undefined][] = [
      ['exact JSON Accept, form body', { Accept: 'application/json' }, 'code=1'],
      ['exact JSON Accept, JSON body', { Accept: 'application/json' }, { code: '1' }],
      ['a browser form', { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, 'code=1'],
      ['a JSON body, browser Accept', { Accept: 'text/html' }, { code: '1' }],
      ['Accept with a charset', { Accept: 'application/json; charset=utf-8' }, 'code=1'],
      ['JSON preferred by q', { Accept: 'text/html;q=0.5, application/json' }, 'code=1'],
      ['anything', { Accept: '*/*' }, 'code=1'],
      ['XHR', { Accept: '*/*', 'X-Requested-With': 'XMLHttpRequest' }, 'code=1'],
      ['no Accept', {}, 'code=1'],
      ['upper case', { Accept: 'APPLICATION/JSON' }, 'code=1'],
    ];
    for (const [name, headers, body] of cases) {
      let call = request(app).post('/x').set(headers);
      call = typeof body === 'string' ? call.type('form').send(body) : call.send(body);
      const res = await call;
      assert.equal(res.status, 200, name);
      assert.equal(res.body.shortcut, res.body.negotiated, name);
    }
  });

  const ctxWith = (hashKey: Buffer) => ({
    keys: { hashKey },
    options: { addressLimit: { windowSeconds: 900, wrongAnswers: 50, sends: 50, passkeyOptions: 300, passkeyFailuresPerHandle: 50 } },
  }) as unknown as CoreContext;

  it('an address\'s window key is its keyed hash, cached per secret, the same as computing it', () => {
    const one = ctxWith(Buffer.alloc(32, 1));
    const two = ctxWith(Buffer.alloc(32, 2));
    for (const ip of ['203.0.113.7', '::ffff:203.0.113.7', '2001:db8:1:2::1', '2001:db8:1:2ff::9']) {
      const expected = `answers.${keyedHash(Buffer.alloc(32, 1), 'client-address', addressGroup(ip))}`;
      assert.equal(addressSlot(one, 'answers', ip)?.key, expected, ip);
      assert.equal(addressSlot(one, 'answers', ip)?.key, expected, `${ip}, from the cache`);
      assert.notEqual(addressSlot(two, 'answers', ip)?.key, expected, 'another secret, another hash');
    }
    assert.equal(addressSlot(one, 'answers', '2001:db8:1:200::1')?.key, addressSlot(one, 'answers', '2001:db8:1:2ff::9')?.key, 'one /56, one window');
  });

  it('the cache never holds more than 10,000 addresses, and evicted ones hash the same again', () => {
    const ctx = ctxWith(Buffer.alloc(32, 3));
    const first = addressSlot(ctx, 'answers', '10.0.0.0')?.key;
    for (let i = 1; i <= ADDRESS_HASH_CACHE_SIZE + 500; i += 1) addressSlot(ctx, 'answers', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20_000; i += 1) addressSlot(ctx, 'answers', `172.16.${(i >> 8) & 255}.${i & 255}`);
    const grew = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grew < 8 * 1024 * 1024, `20,000 more addresses grew the heap by ${grew} bytes`);
    assert.equal(addressSlot(ctx, 'answers', '10.0.0.0')?.key, first, 'an evicted address gets the same hash');
  });

  it('window entries are unique, call after call', () => {
    const ctx = ctxWith(Buffer.alloc(32, 4));
    const members = new Set(Array.from({ length: 50_000 }, () => addressSlot(ctx, 'answers', '203.0.113.9')!.member));
    assert.equal(members.size, 50_000);
  });
});

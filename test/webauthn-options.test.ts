import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTwoStep, memoryStore } from '../src/index.js';
import { internalsOf } from '../src/testing/index.js';
import { userHandleFor, userIdFromHandle } from '../src/core/webauthn-user-handle.ts';
import { deriveKeys } from '../src/crypto/keys.ts';

const base = { secret: 'x'.repeat(40), users: { id: (u: { id: string }) => u.id }, store: memoryStore() };
const make = (webauthn: unknown) => createTwoStep({ ...base, webauthn } as never);

describe('webauthn option', () => {
  it('accepts an rpID that is the host or a parent domain of every origin', () => {
    const twoStep = make({ rpID: 'example.com', rpName: 'Example', origins: ['https://example.com', 'https://login.example.com:8443'] });
    assert.equal(internalsOf(twoStep).options.webauthn!.userVerification, 'preferred');
    make({ rpID: 'localhost', rpName: 'Dev', origins: ['http://localhost:3000'], userVerification: 'required' });
  });

  it('refuses an rpID that is not a suffix of an origin, naming the fix', () => {
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: ['https://example.org'] }),
      /rpID "example\.com" is not the host of "https:\/\/example\.org".*Set rpID to "example\.org"/);
    assert.throws(() => make({ rpID: 'ample.com', rpName: 'E', origins: ['https://example.com'] }), /not the host/);
  });

  it('refuses rpIDs with a scheme, a port or upper case, and bare top-level names', () => {
    assert.throws(() => make({ rpID: 'https://example.com', rpName: 'E', origins: ['https://example.com'] }), /Try "example\.com"/);
    assert.throws(() => make({ rpID: 'example.com:443', rpName: 'E', origins: ['https://example.com'] }), /domain name/);
    assert.throws(() => make({ rpID: 'Example.com', rpName: 'E', origins: ['https://example.com'] }), /lower case/);
    assert.throws(() => make({ rpID: 'com', rpName: 'E', origins: ['https://com'] }), /top-level/);
  });

  it('refuses a public suffix as rpID (Public Suffix List, private section too), naming a domain to use', () => {
    for (const suffix of ['co.uk', 'github.io', 'com.au', 'herokuapp.com']) {
      assert.throws(() => make({ rpID: suffix, rpName: 'E', origins: [`https://clinic.${suffix}`] }),
        new RegExp(`rpID "${suffix.replace('.', '\\.')}" is a public suffix.*Use your own domain under it, such as "clinic\\.${suffix.replace('.', '\\.')}"`), suffix);
    }
    // The origins show which domain is the site's own: that one is named.
    assert.throws(() => make({ rpID: 'co.uk', rpName: 'E', origins: ['https://login.myclinic.co.uk'] }), /such as "myclinic\.co\.uk"/);
    // A registrable domain under those suffixes is fine, and so are development names.
    make({ rpID: 'myclinic.co.uk', rpName: 'E', origins: ['https://login.myclinic.co.uk'] });
    make({ rpID: 'clinic.github.io', rpName: 'E', origins: ['https://clinic.github.io'] });
    make({ rpID: 'app.localhost', rpName: 'E', origins: ['http://app.localhost:3000'] });
  });

  it('refuses IP addresses as rpID, as browsers do (WebAuthn needs a domain; localhost for development)', () => {
    for (const rpID of ['127.0.0.1', '192.168.1.10', '::1', '[::1]']) {
      assert.throws(() => make({ rpID, rpName: 'E', origins: ['https://example.com'] }), /rpID cannot be an IP address.*"localhost"/, rpID);
    }
  });

  it('refuses http origins other than localhost, paths, and empty lists', () => {
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: ['http://example.com'] }), /not https/);
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: ['https://example.com/login'] }), /origin only/);
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: [] }), /origins must list/);
  });

  it('refuses unknown keys, a missing rpName and an unknown userVerification', () => {
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: ['https://example.com'], attestation: 'direct' }), /unknown option "webauthn.attestation"/);
    assert.throws(() => make({ rpID: 'example.com', origins: ['https://example.com'] }), /rpName/);
    assert.throws(() => make({ rpID: 'example.com', rpName: 'E', origins: ['https://example.com'], userVerification: 'always' }), /userVerification/);
  });
});

describe('webauthn user handle', () => {
  const keys = deriveKeys('y'.repeat(40));
  it('leads back to the user id, is the same every time, and hides it', () => {
    const handle = Buffer.from(userHandleFor(keys, 'alice@example.com')).toString('base64url');
    assert.equal(userIdFromHandle(keys, handle), 'alice@example.com');
    assert.equal(Buffer.from(userHandleFor(keys, 'alice@example.com')).toString('base64url'), handle);
    assert.ok(!Buffer.from(handle, 'base64url').toString('latin1').includes('alice'));
    assert.ok(Buffer.from(handle, 'base64url').length <= 64);
  });

  it('decodes nothing that another secret made or that was changed', () => {
    const handle = Buffer.from(userHandleFor(keys, 'u-1'));
    assert.equal(userIdFromHandle(deriveKeys('z'.repeat(40)), handle.toString('base64url')), null);
    handle[20]! ^= 1;
    assert.equal(userIdFromHandle(keys, handle.toString('base64url')), null);
    assert.equal(userIdFromHandle(keys, 'short'), null);
  });

  it('ids longer than 47 bytes get an opaque handle that fits in 64 bytes', () => {
    const handle = userHandleFor(keys, 'x'.repeat(60));
    assert.ok(handle.length <= 64);
    assert.equal(userIdFromHandle(keys, Buffer.from(handle).toString('base64url')), null);
  });
});

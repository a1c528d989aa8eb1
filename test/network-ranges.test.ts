import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileNetworks, parseAddress } from '../src/core/network-ranges.js';

describe('trusted-network ranges', () => {
  it('refuses octal, hex, short forms and bad prefixes, naming the entry', () => {
    for (const bad of ['010.0.0.0/8', '10.0.0.0/33', '10.1/16', '0x0a.0.0.0/8', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/8/8', '::1/129', 'fe80::zz/64', '', ' /8', '256.0.0.0/8', '::ffff:010.0.0.0/104', '::ffff:0x0a.0.0.0/104']) {
      assert.throws(() => compileNetworks([bad]), (error: Error) => error.message.includes(`"${bad}"`), bad);
    }
    assert.throws(() => compileNetworks([42]), /42 is not a string/);
  });

  it('matches IPv4 boundaries exactly', () => {
    const m = compileNetworks(['10.20.0.0/16', '192.168.1.7']);
    assert.equal(m.matches('10.20.0.0'), true);
    assert.equal(m.matches('10.20.255.255'), true);
    assert.equal(m.matches('10.21.0.0'), false);
    assert.equal(m.matches('10.19.255.255'), false);
    assert.equal(m.matches('192.168.1.7'), true);
    assert.equal(m.matches('192.168.1.8'), false);
  });

  it('matches the three spellings of an IPv4-mapped address as IPv4', () => {
    const m = compileNetworks(['10.1.0.0/16']);
    for (const spelling of ['::ffff:10.1.2.3', '::ffff:a01:203', '0:0:0:0:0:ffff:10.1.2.3', '::FFFF:A01:203']) {
      assert.equal(m.matches(spelling), true, spelling);
    }
    assert.equal(m.matches('::ffff:10.2.2.3'), false);
    assert.equal(m.matches('::ffff:010.1.2.3'), false, 'no octal inside a mapped address either');
    assert.equal(m.matches('::ffff:0x0a.1.2.3'), false);
    // A mapped range in the config means the IPv4 range too.
    assert.equal(compileNetworks(['::ffff:10.1.0.0/112']).matches('10.1.9.9'), true);
  });

  it('matches IPv6 ranges and keeps families apart', () => {
    const m = compileNetworks(['2001:db8::/32', '10.0.0.0/8']);
    assert.equal(m.matches('2001:db8:1::5'), true);
    assert.equal(m.matches('2001:db9::1'), false);
    assert.equal(m.matches('::a00:1'), false, 'IPv4-compatible is not IPv4-mapped');
    assert.equal(m.matches('fe80::1%eth0'), false);
  });

  it('never matches an unparsable address, even with 0.0.0.0/0 trusted', () => {
    const m = compileNetworks(['0.0.0.0/0', '::/0']);
    for (const junk of [undefined, '', 'localhost', '010.1.2.3', '1.2.3', '1.2.3.4.5', '0x7f.0.0.1', '10.1.2.3 ', `${'1'.repeat(70)}`]) {
      assert.equal(m.matches(junk), false, String(junk));
    }
    assert.equal(m.matches('8.8.8.8'), true);
    assert.equal(m.matches('2001:db8::1'), true);
  });

  it('merges overlapping and adjacent ranges', () => {
    const m = compileNetworks(['10.0.0.0/24', '10.0.1.0/24', '10.0.0.128/25', '10.0.3.0/24']);
    assert.equal(m.matches('10.0.1.255'), true);
    assert.equal(m.matches('10.0.2.0'), false);
    assert.equal(m.matches('10.0.3.1'), true);
    assert.deepEqual(parseAddress('::ffff:1.2.3.4'), { family: 4, value: 0x01020304 });
  });
});

// Pure checks of the namespace lab helper: name allocation and the address and MAC guards.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {assertDocumentationCidr, assertUnicastMac, toLetters} from '../integration/netns.js';

describe('lab namespace letters', () => {
  it('count a to z, then continue with two letters without repeating', () => {
    const names = Array.from({length: 26 * 27}, (_, index) => toLetters(index));
    assert.deepEqual(names.slice(0, 3), ['a', 'b', 'c']);
    assert.equal(names[25], 'z');
    assert.equal(names[26], 'ba');
    assert.equal(new Set(names).size, names.length);
  });
});

describe('lab address guard', () => {
  it('accepts addresses inside the three documentation ranges', () => {
    for (const cidr of ['198.51.100.10/24', '203.0.113.255/32', '2001:db8::1/64', '2001:db8:ffff::1/128']) {
      assert.doesNotThrow(() => assertDocumentationCidr(cidr), cidr);
    }
  });

  it('refuses routable, private and neighbouring addresses', () => {
    for (const cidr of ['10.0.0.1/8', '198.51.101.1/24', '192.0.2.1/24', '2001:db9::1/64', 'fe80::1/64']) {
      assert.throws(() => assertDocumentationCidr(cidr), /outside/, cidr);
    }
  });

  it('refuses strings that are not address/prefix', () => {
    for (const cidr of ['198.51.100.10', '198.51.100.10/33', '2001:db8::1/129', 'host/24', '198.51.100.1/24/1']) {
      assert.throws(() => assertDocumentationCidr(cidr), /not an address\/prefix/, cidr);
    }
  });
});

describe('lab MAC guard', () => {
  it('accepts locally administered unicast MACs', () => {
    assert.doesNotThrow(() => assertUnicastMac('02:00:00:00:00:0a'));
  });

  it('refuses group, all-zero and malformed MACs', () => {
    assert.throws(() => assertUnicastMac('01:00:5e:00:00:01'), /group/);
    assert.throws(() => assertUnicastMac('00:00:00:00:00:00'), /all zero/);
    assert.throws(() => assertUnicastMac('02:00:00:00:0a'), /malformed/);
  });
});

// Who "us" is: address and static-entry parsing, on-link tests, the ARP input's choice of "our
// address" (§2.2 step 4), and "us" from `ip -j addr` output.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {selfFromIpJson} from '../../src/capture/self-from-interface.js';
import {isOnLink4, isOnLink6, makeSelf, parseSelfAddress, parseStatic, pickOurIp4, type SelfConfig} from '../../src/core/self.js';
import {ip4, ip6, mac} from '../helpers/events.js';

const self = makeSelf(mac('02:00:00:00:00:01'), ['198.51.100.1/24', '203.0.113.5/30', '2001:db8:1::1/64'], false) as SelfConfig;

describe('self', () => {
  it('parses addresses with prefixes, defaulting to a host route, and rejects bad ones', () => {
    assert.deepEqual(parseSelfAddress('198.51.100.1/24'), {family: 4, prefix: {addr: ip4('198.51.100.1'), prefixLen: 24}});
    assert.deepEqual(parseSelfAddress('2001:db8::1'), {family: 6, prefix: {addr: ip6('2001:db8::1'), prefixLen: 128}});
    assert.equal(parseSelfAddress('198.51.100.1/33'), null);
    assert.equal(parseSelfAddress('nonsense/24'), null);
    assert.equal(typeof makeSelf(1, ['bad'], false), 'string');
  });

  it('parses --static ADDR=MAC like arp -s', () => {
    assert.deepEqual(parseStatic('198.51.100.9=02:00:00:00:00:09'), {addr: ip4('198.51.100.9'), mac: mac('02:00:00:00:00:09')});
    assert.equal(parseStatic('198.51.100.9'), null);
  });

  it('tests on-link by our prefixes; link-local IPv6 is always on-link', () => {
    assert.equal(isOnLink4(self, ip4('198.51.100.200')), true);
    assert.equal(isOnLink4(self, ip4('203.0.113.6')), true);
    assert.equal(isOnLink4(self, ip4('203.0.113.9')), false);
    assert.equal(isOnLink6(self, ip6('2001:db8:1::77')), true);
    assert.equal(isOnLink6(self, ip6('2001:db8:2::1')), false);
    assert.equal(isOnLink6(self, ip6('fe80::9')), true);
  });

  it('picks "our address" as TPA, else SPA, else the first address (§2.2 step 4)', () => {
    assert.equal(pickOurIp4(self, ip4('203.0.113.5'), ip4('198.51.100.7')), ip4('203.0.113.5'));
    assert.equal(pickOurIp4(self, ip4('198.51.100.7'), ip4('203.0.113.5')), ip4('203.0.113.5'));
    assert.equal(pickOurIp4(self, ip4('198.51.100.7'), ip4('198.51.100.8')), ip4('198.51.100.1'));
  });

  it('reads "us" from ip -j addr output with the forwarding flag', () => {
    const json = JSON.stringify([{
      ifname: 'eth0', address: '02:00:00:00:6b:01',
      addr_info: [
        {family: 'inet', local: '198.51.100.1', prefixlen: 24},
        {family: 'inet6', local: '2001:db8::1', prefixlen: 64},
        {family: 'inet6', local: 'fe80::1', prefixlen: 64},
      ],
    }]);
    const us = selfFromIpJson(json, true) as SelfConfig;
    assert.equal(us.mac, mac('02:00:00:00:6b:01'));
    assert.deepEqual(us.ip4, [{addr: ip4('198.51.100.1'), prefixLen: 24}]);
    assert.equal(us.ip6.length, 2);
    assert.equal(us.router, true);
    assert.equal(typeof selfFromIpJson('[]', false), 'string');
    assert.equal(typeof selfFromIpJson('not json', false), 'string');
  });
});

// Golden tests: every Ethernet file of ../shared/corpus gives the facts its README states
// (segment view). Each case lists the records as 'context proto mac refs addresses…'.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {takeSnapshot, type Snapshot} from '../../src/core/snapshot.js';
import {createModel, feedFile} from '../../src/pipeline.js';
import {corpusDir} from '../helpers/paths.js';

interface GoldenCase {
  file: string;
  /** Exactly the records expected, one string each: '<context> <proto> <mac> <refs> <addr>,<addr>'. */
  records: string[];
  /** Read only this many frames (when the README's fact holds before the file ends). */
  count?: number;
  /** Further facts to check on the snapshot. */
  check?: (snapshot: Snapshot) => void;
}

export function describeRecords(snapshot: Snapshot): string[] {
  return snapshot.interfaces.flatMap((ctx) =>
    ctx.records.map((r) => {
      const context = ctx.vlan ? `${ctx.interface}.${ctx.vlan}` : ctx.interface;
      const proto = r.proto === 0x0800 ? 'ipv4' : 'ipv6';
      return `${context} ${proto} ${r.addr} ${r.refcnt} ${r.addresses.join(',')}`;
    }),
  );
}

export function readCorpusFile(file: string, count?: number): Snapshot {
  const model = createModel({'arp-base': 30, 'nd6-base': 30, seed: 1});
  feedFile(model, join(corpusDir, file), count);
  return takeSnapshot(model);
}

const CASES: GoldenCase[] = [
  {file: 'cs-arp-gratuitous.pcapng', records: ['if0 ipv4 00:03:47:b7:f2:f5 1 24.6.125.19']},
  {
    file: 'cs-arppoison.pcapng',
    records: [
      'if0 ipv4 00:21:70:c0:56:f0 1 172.16.0.107',
      'if0 ipv4 00:25:b3:bf:91:ee 2 172.16.0.1,172.16.0.105',
    ],
  },
  {
    file: 'np-arpsweep.pcapng',
    records: ['192.168.0.1', '192.168.0.99', '192.168.0.102', '192.168.0.105', '192.168.0.113'],
  },
  {
    file: 'ndpi-iphone-join.pcap',
    records: [
      'pcap0 ipv4 c4:61:8b:35:82:a9 1 192.168.2.17',
      'pcap0 ipv4 c6:2c:03:60:6a:64 1 192.168.2.1',
      'pcap0 ipv6 c4:61:8b:35:82:a9 1 fe80::823:3f17:8298:a29c',
    ],
  },
  {
    file: 'zk-dot1q-arp.pcap',
    records: ['pcap0.123 ipv4 00:18:73:de:57:c1 1 192.168.123.2', 'pcap0.123 ipv4 00:19:06:ea:b8:c1 1 192.168.123.1'],
  },
  {
    file: 'td-qinq-arp.pcap',
    records: [
      'pcap0.200/2001 ipv4 00:20:d2:5a:fb:3f 1 172.21.79.97',
      'pcap0.200/2001 ipv4 00:80:ea:81:88:63 1 172.21.79.100',
    ],
  },
  {file: 'sv-vxlan-inner-arp.pcap', records: []},
  {file: 'td-arp-too-long-tha.pcap', records: []},
  {file: 'td-rarp-hw65280-trunc.pcap', records: []},
  {
    file: 'zk-nd-options-dad.pcap',
    records: ['pcap0 ipv6 c2:00:54:f5:00:00 2 2001:db8:0:1:c000:54ff:fef5:0,fe80::c000:54ff:fef5:0'],
  },
  {file: 'pp-ns-na-dad.pcap', records: ['pcap0 ipv6 c2:00:54:f5:00:00 1 fe80::c000:54ff:fef5:0']},
  {file: 'td-dad-ns-nonce.pcap', records: []},
  {
    // The RA is the first frame; the file's other frames come 280 days later, long after the
    // binding aged out (1200 s), so the README's fact is checked right after the RA and the
    // aging at the end of the file.
    file: 'td-ra-7opts.pcap',
    count: 1,
    records: ['pcap0 ipv6 b0:99:28:c8:d6:6c 1 fe80::b299:28ff:fec8:d66c'],
    check: () => assert.deepEqual(describeRecords(readCorpusFile('td-ra-7opts.pcap')), []),
  },
  {file: 'td-ra-rio24.pcap', records: ['pcap0 ipv6 14:cf:92:87:23:d6 1 fe80::16cf:92ff:fe87:23d6']},
  {
    file: 'zk-nd-short-options.pcap',
    records: ['pcap0 ipv6 00:11:22:33:44:55 1 fe80::1'],
    check: (s) => assert.equal(s.malformed, 8, 'the 8 messages cut inside the fixed part or options'),
  },
  {file: 'zk-redirect-hdr-opt.pcap', records: []},
  {
    file: 'zk-sll2-arp-rarp.pcap',
    records: ['ifindex26 ipv4 8e:36:06:44:ac:af 1 192.0.2.1'],
    check: (s) => {
      const record = s.interfaces[0].records[0];
      assert.equal(record.ifindex, 26);
      assert.equal(record.local, true, 'the ARP request was sent by the capturing host');
      assert.deepEqual(s.skipReasons, {LOOPBACK: 4, RARP: 1});
    },
  },
  {
    file: 'zk-radiotap-arp-rssi.pcap',
    records: ['pcap0 ipv4 78:31:c1:c6:3f:c2 1 10.0.0.2', 'pcap0 ipv4 f8:ed:a5:c0:a4:f1 1 10.0.0.1'],
    check: (s) => {
      const [station, relayed] = s.interfaces[0].records;
      assert.equal(station.rssi, -74);
      assert.equal(station.lqm, 50, '-74 dBm maps to LQM poor');
      assert.equal(relayed.rssi, -2147483648, 'the -59 belongs to the access point that relayed it');
    },
  },
  {
    file: 'zk-80211-arp.pcap',
    records: ['pcap0 ipv4 78:31:c1:c6:3f:c2 1 10.0.0.2', 'pcap0 ipv4 f8:ed:a5:c0:a4:f1 1 10.0.0.1'],
    check: (s) => assert.ok(s.interfaces[0].records.every((r) => r.rssi === -2147483648)),
  },
  {
    file: 'td-ipoib-arp-be.pcap',
    records: [],
    check: (s) => {
      assert.equal(s.frames, 30, 'the file\'s other frames are still read');
      assert.deepEqual(s.skipReasons, {ARP_NOT_ETHERNET: 4});
    },
  },
  {
    file: 'td-nano-invalid-ts.pcap',
    records: [],
    check: (s) => {
      assert.equal(s.frames, 3);
      assert.ok(Number.isFinite(s.calendar) && Number.isFinite(s.uptime));
    },
  },
  {
    // tshark lists 11 records: the 8 packets plus 3 custom blocks, which carry no frames.
    file: 'gp-pcapng-3sect-mixed-endian.pcapng',
    records: [],
    check: (s) => {
      assert.equal(s.frames, 8);
      assert.deepEqual(s.skipReasons, {LOOPBACK: 2}, 'the NULL interface\'s frames');
    },
  },
];

describe('corpus golden facts (segment view)', () => {
  it('td-arcnet-arp.pcap: the unsupported link type is named in an error with its own exit code', () => {
    assert.throws(() => readCorpusFile('td-arcnet-arp.pcap'), (error: Error & {oclif?: {exit: number}}) => {
      assert.match(error.message, /ARCNET_LINUX \(129\) is not supported/);
      assert.equal(error.oclif?.exit, 7);
      return true;
    });
  });

  it('finds the corpus beside the project', () => {
    assert.ok(existsSync(corpusDir), `corpus missing at ${corpusDir}`);
  });

  for (const testCase of CASES) {
    it(`${testCase.file}: ${testCase.records.length} records as the corpus README states`, () => {
      const snapshot = readCorpusFile(testCase.file, testCase.count);
      const described = describeRecords(snapshot);
      if (testCase.file === 'np-arpsweep.pcapng') {
        assert.deepEqual(described.map((line) => line.split(' ').slice(3).join(' ')).sort(),
          testCase.records.map((a) => `1 ${a}`).sort());
      } else {
        assert.deepEqual(described.sort(), [...testCase.records].sort());
      }
      testCase.check?.(snapshot);
    });
  }
});

// Reads every file of the shared corpus and checks frame counts, link types, times and byte totals against tshark.
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {readCaptureFile} from '../../src/capture/file-reader.js';
import {LINKTYPE, type Frame, type SourceInterface} from '../../src/capture/frame.js';
import {corpusDir} from '../helpers/paths.js';
import {formatTime} from './file-reader-fixtures.js';

const {ETHERNET, NULL, IEEE802_11_RADIOTAP: RADIOTAP} = LINKTYPE;

interface Expected {
  frames: number;
  /** LINKTYPE of each interface, in file order (file-wide ids). */
  linkTypes: number[];
  first: string;
  last: string;
  capturedBytes: number;
  wireBytes: number;
}

/**
 * Derived once with tshark 4.0.17 and capinfos, then hard-coded:
 *   tshark -r F -T fields -e frame.time_epoch -e frame.cap_len -e frame.len -e frame.encap_type
 * (frames = rows with an encapsulation; first/last time; sums of cap_len and len) and
 * `capinfos -I F` for the interfaces' encapsulations, mapped to LINKTYPE numbers.
 * Two deliberate differences, explained where they occur.
 */
const EXPECTED: Record<string, Expected> = {
  'cs-arp-gratuitous.pcapng': row(1, [ETHERNET], '1094143913.605478000', '1094143913.605478000', 60, 60),
  'cs-arppoison.pcapng': row(165, [ETHERNET], '1279251572.730147000', '1279251587.122706000', 62_233, 62_233),
  // tshark 4 lists 11 records here: 8 packets plus the 3 custom blocks (0x00000BAD, 0x40000BAD),
  // which it shows as frames without an encapsulation. A reader of frames delivers the 8 packets.
  // The 5 interfaces: section 1 eth0 + null1, section 2 one Ethernet, section 3 eth0 + null1.
  'gp-pcapng-3sect-mixed-endian.pcapng': row(
    8,
    [ETHERNET, NULL, ETHERNET, ETHERNET, NULL],
    '1340954905.298858000',
    '1340954905.301858000',
    1040,
    2304,
  ),
  'ndpi-iphone-join.pcap': row(500, [ETHERNET], '1582454552.576659000', '1582454600.748726000', 221_902, 221_902),
  'np-arpsweep.pcapng': row(316, [ETHERNET], '1509128900.340495000', '1509129134.876933000', 20_028, 20_028),
  'pp-ns-na-dad.pcap': row(2, [ETHERNET], '1219649643.536057000', '1219649644.480017000', 164, 164),
  'sv-vxlan-inner-arp.pcap': row(2, [ETHERNET], '1368908504.882198000', '1368908504.882536000', 184, 184),
  'td-arcnet-arp.pcap': row(26, [LINKTYPE.ARCNET_LINUX], '1746883223.012325000', '1746883228.609468000', 2281, 2281),
  'td-arp-oobr-fuzzstorm.pcap': row(2282, [ETHERNET], '1268518494.558191000', '1268528829.059036000', 136_380, 136_380),
  'td-arp-too-long-tha.pcap': row(1, [ETHERNET], '1994721059.680304000', '1994721059.680304000', 64, 262_144),
  'td-dad-ns-nonce.pcap': row(1, [ETHERNET], '1701688051.663323000', '1701688051.663323000', 86, 86),
  'td-ipoib-arp-be.pcap': row(30, [LINKTYPE.IPOIB], '1555605152.697187000', '1555605229.323197000', 4574, 4574),
  // tshark prints the last frame (ts_sec 1418145370, fraction 2147483648 ns) as
  // "-1418145370.2147483648"; the reader's carry rule gives 1418145372.147483648.
  'td-nano-invalid-ts.pcap': row(3, [LINKTYPE.LINUX_SLL], '1418145369.999999999', '1418145372.147483648', 220, 220),
  'td-qinq-arp.pcap': row(2, [ETHERNET], '1575842394.599412000', '1575842394.599680000', 128, 128),
  'td-ra-7opts.pcap': row(5, [ETHERNET], '1334319972.631155000', '1358571281.057031000', 650, 650),
  'td-ra-rio24.pcap': row(2, [ETHERNET], '1385641849.777243000', '1385642446.776577000', 348, 348),
  'td-rarp-hw65280-trunc.pcap': row(1, [ETHERNET], '1582872077.999999000', '1582872077.999999000', 22, 65_570),
  'zk-80211-arp.pcap': row(2, [LINKTYPE.IEEE802_11], '1526421670.037720000', '1526421670.038745000', 142, 142),
  'zk-dot1q-arp.pcap': row(15, [ETHERNET], '1213957237.965649000', '1213957272.997261000', 1446, 1446),
  'zk-nd-options-dad.pcap': row(20, [ETHERNET], '1219649643.536057000', '1219649684.149686000', 1800, 1800),
  'zk-nd-short-options.pcap': row(16, [ETHERNET], '1780953364.926519000', '1780953364.930115000', 1204, 1204),
  'zk-radiotap-arp-rssi.pcap': row(2, [RADIOTAP], '1439902891.705224000', '1439902891.746878000', 238, 391),
  'zk-redirect-hdr-opt.pcap': row(1, [ETHERNET], '1340746839.176622000', '1340746839.176622000', 158, 158),
  'zk-sll2-arp-rarp.pcap': row(6, [LINKTYPE.LINUX_SLL2], '1660534249.872259000', '1660535793.578961000', 552, 552),
  'zk-snap-arp-2if.pcapng': row(4, [ETHERNET, ETHERNET], '1355254140.359551000', '1355254140.390551000', 240, 240),
};

function row(frames: number, types: number[], first: string, last: string, captured: number, wire: number): Expected {
  return {frames, linkTypes: types, first, last, capturedBytes: captured, wireBytes: wire};
}

/** What the reader reports for one corpus file, in the shape of Expected. */
function summarise(name: string): Expected & {warnings: string[]; mislabelledFrames: number} {
  const announced: SourceInterface[] = [];
  const times: string[] = [];
  let capturedBytes = 0;
  let wireBytes = 0;
  let mislabelledFrames = 0;
  const onFrame = (frame: Frame) => {
    times.push(formatTime(frame));
    capturedBytes += frame.data.length;
    wireBytes += frame.origLen;
    if (announced[frame.interfaceId]?.linkType !== frame.linkType) mislabelledFrames += 1;
  };
  const summary = readCaptureFile(join(corpusDir, name), onFrame, (iface) => announced.push(iface));
  assert.deepEqual(announced, summary.interfaces);
  const linkTypes = summary.interfaces.map((iface) => iface.linkType);
  const {frames, warnings} = summary;
  const [first, last] = [times[0], times.at(-1)!];
  return {frames, linkTypes, first, last, capturedBytes, wireBytes, warnings, mislabelledFrames};
}

describe('readCaptureFile over the shared corpus', () => {
  it('has an expectation for every capture file in the corpus', () => {
    const files = readdirSync(corpusDir).filter((name) => /\.pcap(ng)?$/.test(name));
    assert.deepEqual(files.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: frames, link types and first/last times agree with tshark`, () => {
      const {warnings, mislabelledFrames, ...seen} = summarise(name);
      assert.deepEqual(seen, expected);
      assert.deepEqual(warnings, []);
      assert.equal(mislabelledFrames, 0, 'every frame carries the link type of its announced interface');
    });
  }
});

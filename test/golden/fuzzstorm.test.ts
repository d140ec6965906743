// td-arp-oobr-fuzzstorm.pcap: 2282 fuzzed ARP frames. The corpus README compares with tshark's
// dissection: 25 IPv4 records after 348 moves, when bindings never age.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {readCaptureFile} from '../../src/capture/file-reader.js';
import {findInvariantViolations} from '../../src/core/invariants.js';
import {ReachabilityModel} from '../../src/core/model.js';
import {decodeFrame} from '../../src/decode/decode-frame.js';
import {corpusDir} from '../helpers/paths.js';

const FILE = join(corpusDir, 'td-arp-oobr-fuzzstorm.pcap');

/**
 * Frames tshark 4.0 marks malformed (`tshark -Y _ws.malformed`) although their ARP body is whole:
 * its F5 Ethernet-trailer heuristic fails on the padding after the ARP packet. The kernel never
 * looks at the trailer, so llreach uses these frames.
 */
const TRAILER_ONLY_MALFORMED = new Set([
  41, 184, 250, 406, 419, 542, 568, 628, 774, 790, 794, 819, 1000, 1170, 1184, 1207, 1219, 1301,
  1362, 1465, 1808, 1972, 2056, 2184,
]);

function replay(options: {ageing: boolean; skipFrames?: Set<number>; check?: (m: ReachabilityModel) => void}) {
  const model = new ReachabilityModel({
    arpBaseSec: 30,
    nd6BaseSec: 30,
    random32: () => 0,
    entryLifetimeSec: options.ageing ? undefined : Number.POSITIVE_INFINITY,
  });
  let number = 0;
  readCaptureFile(
    FILE,
    (frame) => {
      number += 1;
      if (options.skipFrames?.has(number)) return;
      model.ingest(frame, decodeFrame(frame.data, frame.linkType, frame.origLen));
      options.check?.(model);
    },
    (iface) => model.addInterface(iface),
  );
  return model;
}

function totals(model: ReachabilityModel) {
  const [ctx] = model.contextsInOrder();
  return {records: ctx.tree.size, moves: ctx.arp.moves};
}

describe('td-arp-oobr-fuzzstorm.pcap', () => {
  it('no crash, and every invariant holds after every frame', () => {
    const model = replay({
      ageing: true,
      check: (m) => assert.deepEqual(findInvariantViolations(m), []),
    });
    assert.equal(model.counters.frames, 2282);
    assert.deepEqual(Object.fromEntries(model.counters.malformedReasons), {ARP_TRUNCATED: 82});
    assert.deepEqual(Object.fromEntries(model.counters.skipReasons), {ARP_OPCODE: 74, ARP_NOT_ETHERNET: 177});
  });

  it("without ageing, tshark's 25 records after 348 moves once its trailer-only malformed frames are left out", () => {
    assert.deepEqual(totals(replay({ageing: false, skipFrames: TRAILER_ONLY_MALFORMED})), {records: 25, moves: 348});
  });

  it('those 24 frames are sound ARP, so llreach counts 7 more moves than tshark', () => {
    assert.deepEqual(totals(replay({ageing: false})), {records: 25, moves: 355});
  });

  it('with the kernel ageing (the file spans 2 h 52 min), bindings older than 1200 s are gone', () => {
    const {records} = totals(replay({ageing: true}));
    assert.ok(records < 25, `expected fewer than 25 records, got ${records}`);
  });
});

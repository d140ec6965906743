// Reads pcap and pcapng bytes built in the test: byte orders, resolutions, block kinds, damage, chunk edges, errors.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {gzipSync} from 'node:zlib';

import {readCaptureBytes, readCaptureFile} from '../../src/capture/file-reader.js';
import {LINKTYPE} from '../../src/capture/frame.js';
import {EXIT, LlreachError} from '../../src/errors.js';
import {
  block,
  buildPcap,
  collector,
  enhancedPacket,
  interfaceBlock,
  obsoletePacket,
  sectionHeader,
  simplePacket,
} from './file-reader-fixtures.js';

const FRAME_A = Buffer.from('ffffffffffff0200000000010806', 'hex');
const FRAME_B = Buffer.from('02000000000102000000000286dd0000', 'hex');

/** Writes `bytes` to a temporary file, runs `use` on its path, and removes it again. */
function withTempFile<T>(bytes: Buffer, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'llreach-file-reader-'));
  try {
    const path = join(dir, 'capture');
    writeFileSync(path, bytes);
    return use(path);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

function twoRecordPcap(littleEndian: boolean, nanos = false): Buffer {
  return buildPcap(
    [
      {sec: 1_700_000_000, fraction: nanos ? 123_456_789 : 123_456, data: FRAME_A, origLen: 60},
      {sec: 1_700_000_001, fraction: 7, data: FRAME_B},
    ],
    {littleEndian, nanos},
  );
}

describe('readCaptureBytes on classic pcap', () => {
  for (const littleEndian of [true, false]) {
    const order = littleEndian ? 'little-endian' : 'big-endian';

    it(`reads a ${order} microsecond file with its one interface pcap0`, () => {
      const seen = collector();
      const summary = readCaptureBytes(twoRecordPcap(littleEndian), seen.onFrame, seen.onInterface);
      assert.deepEqual(summary, {
        format: 'pcap',
        frames: 2,
        interfaces: [{id: 0, name: 'pcap0', linkType: LINKTYPE.ETHERNET}],
        warnings: [],
      });
      assert.deepEqual(seen.events, [
        {iface: {id: 0, name: 'pcap0', linkType: 1}},
        {frame: {time: '1700000000.123456000', linkType: 1, interfaceId: 0, hex: FRAME_A.toString('hex'), origLen: 60}},
        {frame: {time: '1700000001.000007000', linkType: 1, interfaceId: 0, hex: FRAME_B.toString('hex'), origLen: 16}},
      ]);
    });

    it(`reads a ${order} nanosecond file with exact fractions`, () => {
      const seen = collector();
      readCaptureBytes(twoRecordPcap(littleEndian, true), seen.onFrame);
      assert.deepEqual(
        seen.frames.map((f) => f.time),
        ['1700000000.123456789', '1700000001.000000007'],
      );
    });
  }

  it('ignores the FCS bits in the high bits of the link-type field', () => {
    const fcsFourBytes = (4 << 28) | 0x04_00_00_00;
    const linkField = fcsFourBytes | LINKTYPE.IEEE802_11_RADIOTAP;
    const bytes = buildPcap([{sec: 1, fraction: 0, data: FRAME_A}], {linkField});
    const seen = collector();
    const summary = readCaptureBytes(bytes, seen.onFrame);
    assert.equal(summary.interfaces[0].linkType, LINKTYPE.IEEE802_11_RADIOTAP);
    assert.equal(seen.frames[0].linkType, LINKTYPE.IEEE802_11_RADIOTAP);
  });

  it('normalises out-of-range fractions by carrying whole seconds', () => {
    const nanos = buildPcap(
      [
        {sec: 10, fraction: 999_999_999, data: FRAME_A},
        {sec: 10, fraction: 1_000_000_000, data: FRAME_A},
        {sec: 10, fraction: 2_147_483_648, data: FRAME_A},
        {sec: 10, fraction: 0xff_ff_ff_ff, data: FRAME_A},
      ],
      {nanos: true},
    );
    const micros = buildPcap([
      {sec: 10, fraction: 1_000_000, data: FRAME_A},
      {sec: 10, fraction: 0xff_ff_ff_ff, data: FRAME_A},
    ]);
    const times = (bytes: Buffer) => {
      const seen = collector();
      readCaptureBytes(bytes, seen.onFrame);
      return seen.frames.map((f) => f.time);
    };
    assert.deepEqual(times(nanos), ['10.999999999', '11.000000000', '12.147483648', '14.294967295']);
    assert.deepEqual(times(micros), ['11.000000000', '4304.967295000']);
  });

  it('reads the full unsigned 32-bit seconds range', () => {
    const seen = collector();
    readCaptureBytes(buildPcap([{sec: 0xff_ff_ff_ff, fraction: 999_999, data: FRAME_A}]), seen.onFrame);
    assert.equal(seen.frames[0].time, '4294967295.999999000');
  });

  it('reads a header-only file as zero frames without warnings', () => {
    const summary = readCaptureBytes(buildPcap([]), () => assert.fail('no frame expected'));
    assert.equal(summary.frames, 0);
    assert.deepEqual(summary.warnings, []);
  });
});

describe('readCaptureBytes on pcapng', () => {
  /** Section 1 little-endian (Ethernet µs + NULL ns), section 2 big-endian (SLL, 2^-20 s, offset, no name). */
  function twoSectionFile(): Buffer {
    return Buffer.concat([
      sectionHeader(true),
      interfaceBlock(true, {linkType: LINKTYPE.ETHERNET, name: 'eth0', snapLen: 262_144}),
      interfaceBlock(true, {linkType: LINKTYPE.NULL, name: 'lo', tsresol: 9}),
      enhancedPacket(true, 0, 1_700_000_000_123_456n, FRAME_A, 60),
      enhancedPacket(true, 1, 1_700_000_000_987_654_321n, FRAME_B),
      sectionHeader(false),
      interfaceBlock(false, {linkType: LINKTYPE.LINUX_SLL, tsresol: 0x80 | 20, tsoffsetSec: 1_000n}),
      enhancedPacket(false, 0, (5n << 20n) + (1n << 19n), FRAME_B),
    ]);
  }

  it('reads two sections of different byte order, with interface ids unique across the file', () => {
    const seen = collector();
    const summary = readCaptureBytes(twoSectionFile(), seen.onFrame, seen.onInterface);
    assert.deepEqual(summary.interfaces, [
      {id: 0, name: 'eth0', linkType: LINKTYPE.ETHERNET},
      {id: 1, name: 'lo', linkType: LINKTYPE.NULL},
      {id: 2, name: 'if2', linkType: LINKTYPE.LINUX_SLL},
    ]);
    assert.equal(summary.format, 'pcapng');
    assert.deepEqual(summary.warnings, []);
    assert.deepEqual(seen.events, [
      {iface: {id: 0, name: 'eth0', linkType: 1}},
      {iface: {id: 1, name: 'lo', linkType: 0}},
      {frame: {time: '1700000000.123456000', linkType: 1, interfaceId: 0, hex: FRAME_A.toString('hex'), origLen: 60}},
      {frame: {time: '1700000000.987654321', linkType: 0, interfaceId: 1, hex: FRAME_B.toString('hex'), origLen: 16}},
      {iface: {id: 2, name: 'if2', linkType: 113}},
      {frame: {time: '1005.500000000', linkType: 113, interfaceId: 2, hex: FRAME_B.toString('hex'), origLen: 16}},
    ]);
  });

  it('converts timestamps exactly for decimal, binary and sub-nanosecond resolutions', () => {
    const cases: Array<[number | undefined, bigint, string]> = [
      [undefined, 0n, '0.000000000'],
      [6, 0xff_ff_ff_ff_ff_ff_ffn, '72057594037.927935000'],
      [9, 18_446_744_073_709_551_615n, '18446744073.709551615'],
      [9, 1_700_000_000_999_999_999n, '1700000000.999999999'],
      [3, 1_700_000_000_999n, '1700000000.999000000'],
      [0, 1_700_000_000n, '1700000000.000000000'],
      [12, 10_000_000_123_456_789_999n, '10000000.123456789'],
      [0x80 | 30, (1_700_000_000n << 30n) | (1n << 29n), '1700000000.500000000'],
      [0x80 | 0, 42n, '42.000000000'],
    ];
    for (const [tsresol, units, expected] of cases) {
      const seen = collector();
      const file = Buffer.concat([
        sectionHeader(true),
        interfaceBlock(true, {linkType: 1, tsresol}),
        enhancedPacket(true, 0, units, FRAME_A),
      ]);
      readCaptureBytes(file, seen.onFrame);
      assert.equal(seen.frames[0].time, expected, `tsresol ${tsresol} units ${units}`);
    }
  });

  it('applies a negative if_tsoffset', () => {
    const seen = collector();
    const file = Buffer.concat([
      sectionHeader(false),
      interfaceBlock(false, {linkType: 1, tsoffsetSec: -100n}),
      enhancedPacket(false, 0, 1_000_250_000n, FRAME_A),
    ]);
    readCaptureBytes(file, seen.onFrame);
    assert.equal(seen.frames[0].time, '900.250000000');
  });

  it('reads Simple Packet Blocks on interface 0, cut to the snaplen and the block, with the previous time', () => {
    const data = Buffer.from('0102030405060708', 'hex');
    for (const littleEndian of [true, false]) {
      const file = Buffer.concat([
        sectionHeader(littleEndian),
        interfaceBlock(littleEndian, {linkType: LINKTYPE.ETHERNET, snapLen: 6}),
        interfaceBlock(littleEndian, {linkType: LINKTYPE.RAW}),
        simplePacket(littleEndian, 100, data),
        enhancedPacket(littleEndian, 1, 2_000_000n, FRAME_A),
        simplePacket(littleEndian, 3, data.subarray(0, 3)),
        simplePacket(littleEndian, 100, data.subarray(0, 4)),
      ]);
      const seen = collector();
      readCaptureBytes(file, seen.onFrame);
      assert.deepEqual(
        seen.frames.map((f) => [f.time, f.interfaceId, f.linkType, f.hex, f.origLen]),
        [
          ['0.000000000', 0, 1, '010203040506', 100],
          ['2.000000000', 1, 101, FRAME_A.toString('hex'), FRAME_A.length],
          ['2.000000000', 0, 1, '010203', 3],
          ['2.000000000', 0, 1, '01020304', 100],
        ],
      );
    }
  });

  it('reads the obsolete Packet Block', () => {
    const seen = collector();
    const file = Buffer.concat([
      sectionHeader(false),
      interfaceBlock(false, {linkType: LINKTYPE.ETHERNET}),
      interfaceBlock(false, {linkType: LINKTYPE.LINUX_SLL2}),
      obsoletePacket(false, 1, 3_000_001n, FRAME_B),
    ]);
    readCaptureBytes(file, seen.onFrame);
    assert.deepEqual(seen.frames, [
      {time: '3.000001000', linkType: 276, interfaceId: 1, hex: FRAME_B.toString('hex'), origLen: 16},
    ]);
  });

  it('skips custom, name-resolution, statistics and unknown blocks, noting only the unknown ones', () => {
    const le = true;
    const file = Buffer.concat([
      sectionHeader(le),
      block(le, 0x00_00_0b_ad, Buffer.from('00007ed9637573746f6d', 'hex')),
      interfaceBlock(le, {linkType: 1}),
      block(le, 4, Buffer.from('00000000', 'hex')),
      enhancedPacket(le, 0, 1_000_000n, FRAME_A),
      block(le, 0x40_00_0b_ad, Buffer.from('00007ed9', 'hex')),
      block(le, 5, Buffer.alloc(12)),
      block(le, 0x0b_ad_be_ef, Buffer.alloc(8)),
      block(le, 0x0b_ad_be_ef, Buffer.alloc(0)),
      enhancedPacket(le, 0, 2_000_000n, FRAME_B),
    ]);
    const seen = collector();
    const summary = readCaptureBytes(file, seen.onFrame);
    assert.deepEqual(
      seen.frames.map((f) => f.time),
      ['1.000000000', '2.000000000'],
    );
    assert.deepEqual(summary.warnings, ['skipped pcapng blocks of unknown type (2 × 0xbadbeef)']);
  });

  it('skips packets naming an interface their section never described, with one warning', () => {
    const file = Buffer.concat([
      sectionHeader(true),
      simplePacket(true, 4, Buffer.alloc(4)),
      interfaceBlock(true, {linkType: 1}),
      enhancedPacket(true, 3, 0n, FRAME_A),
      enhancedPacket(true, 0, 0n, FRAME_B),
    ]);
    const seen = collector();
    const summary = readCaptureBytes(file, seen.onFrame);
    assert.equal(seen.frames.length, 1);
    assert.match(summary.warnings.join('\n'), /^skipped 2 pcapng packet blocks that name an interface/);
    assert.equal(summary.warnings.length, 1);
  });

  it('ends option parsing at a malformed option but keeps the interface', () => {
    const body = Buffer.alloc(16);
    body.writeUInt16LE(1, 0); // link type
    body.writeUInt16LE(2, 8); // if_name claiming 200 bytes in a block that has 4
    body.writeUInt16LE(200, 10);
    const file = Buffer.concat([sectionHeader(true), block(true, 1, body), enhancedPacket(true, 0, 0n, FRAME_A)]);
    const summary = readCaptureBytes(file, () => {});
    assert.deepEqual(summary.interfaces, [{id: 0, name: 'if0', linkType: 1}]);
    assert.equal(summary.frames, 1);
  });
});

describe('readCaptureBytes on damaged input', () => {
  const goodPcap = twoRecordPcap(true);
  const goodPcapng = Buffer.concat([
    sectionHeader(true),
    interfaceBlock(true, {linkType: 1}),
    enhancedPacket(true, 0, 1n, FRAME_A),
    enhancedPacket(true, 0, 2n, FRAME_B),
  ]);

  it('yields every complete frame of a cut-off file, then exactly one warning', () => {
    const lastRecordAt = goodPcap.length - 16 - FRAME_B.length;
    const lastBlockAt = goodPcapng.length - enhancedPacket(true, 0, 2n, FRAME_B).length;
    const cuts: Array<[string, Buffer]> = [
      ['pcap inside the data', goodPcap.subarray(0, goodPcap.length - 1)],
      ['pcap inside the record header', goodPcap.subarray(0, lastRecordAt + 5)],
      ['pcapng inside the block', goodPcapng.subarray(0, goodPcapng.length - 4)],
      ['pcapng inside the block header', goodPcapng.subarray(0, lastBlockAt + 6)],
    ];
    for (const [label, bytes] of cuts) {
      const seen = collector();
      const summary = readCaptureBytes(bytes, seen.onFrame);
      assert.equal(seen.frames.length, 1, label);
      assert.equal(summary.frames, 1, label);
      assert.equal(summary.warnings.length, 1, label);
      assert.match(summary.warnings[0], /cut off.*only the 1 complete frames/, label);
    }
  });

  it('warns when the file ends inside the pcap file header', () => {
    const summary = readCaptureBytes(goodPcap.subarray(0, 10), () => assert.fail('no frame expected'));
    assert.equal(summary.frames, 0);
    assert.match(summary.warnings[0], /pcap file header/);
  });

  it('stops with a warning on an absurd or overlong pcap captured length', () => {
    for (const capLenField of [0xff_ff_ff_f0, 300 * 1024 * 1024, 1000]) {
      const bytes = buildPcap([
        {sec: 1, fraction: 0, data: FRAME_A},
        {sec: 2, fraction: 0, data: FRAME_B, capLenField},
        {sec: 3, fraction: 0, data: FRAME_A},
      ]);
      const summary = readCaptureBytes(bytes, () => {});
      assert.equal(summary.frames, 1, `caplen ${capLenField}`);
      assert.equal(summary.warnings.length, 1, `caplen ${capLenField}`);
    }
  });

  it('skips a pcapng block whose length cannot be right to the next block that frames correctly, with a warning', () => {
    const lengths = [13, 8, 0, 0x7f_ff_ff_fc, 0xff_ff_ff_fc, 16];
    for (const lengthField of lengths) {
      const bad = block(true, 6, Buffer.alloc(20), lengthField);
      const file = Buffer.concat([goodPcapng, bad, enhancedPacket(true, 0, 3n, FRAME_A)]);
      const summary = readCaptureBytes(file, () => {});
      assert.equal(summary.frames, 3, `length ${lengthField}: the frame after the damage is read`);
      assert.equal(summary.warnings.length, 1, `length ${lengthField}`);
      assert.match(summary.warnings[0]!, new RegExp(`byte ${goodPcapng.length} .*32 bytes were skipped to the next block, at byte ${goodPcapng.length + 32}`), `length ${lengthField}`);
    }
  });

  it('stops with one warning when no block frames correctly after the damage', () => {
    const bad = block(true, 6, Buffer.alloc(20), 13);
    const summary = readCaptureBytes(Buffer.concat([goodPcapng, bad, Buffer.alloc(64, 0xee)]), () => {});
    assert.equal(summary.frames, 2);
    assert.equal(summary.warnings.length, 1);
    assert.match(summary.warnings[0]!, /impossible length, 13; the file is damaged, so reading stopped after 2 frames/);
  });

  it('stops with a warning when a packet claims more bytes than its block holds', () => {
    const file = Buffer.concat([goodPcapng, enhancedPacket(true, 0, 3n, FRAME_A, 100, 200)]);
    const summary = readCaptureBytes(file, () => {});
    assert.equal(summary.frames, 2);
    assert.match(summary.warnings[0], /claims 200 captured bytes/);
  });

  it('stops with a warning when the trailing block length differs', () => {
    const epb = enhancedPacket(true, 0, 3n, FRAME_A);
    epb.writeUInt32LE(epb.length + 4, epb.length - 4);
    const summary = readCaptureBytes(Buffer.concat([goodPcapng, epb]), () => {});
    assert.equal(summary.frames, 2);
    assert.match(summary.warnings[0], /ends with length/);
  });

  it('skips a section header with a bad byte-order magic, and stops at one of another major version', () => {
    const badMagic = sectionHeader(true);
    badMagic.writeUInt32LE(0x12_34_56_78, 8);
    const afterMagic = readCaptureBytes(Buffer.concat([goodPcapng, badMagic, goodPcapng.subarray(28)]), () => {});
    assert.equal(afterMagic.frames, 4, 'the blocks after the damaged header are read');
    assert.match(afterMagic.warnings[0]!, /no valid byte-order magic; the file is damaged there/);
    const badVersion = sectionHeader(true);
    badVersion.writeUInt16LE(2, 12);
    const afterVersion = readCaptureBytes(Buffer.concat([goodPcapng, badVersion, goodPcapng.subarray(28)]), () => {});
    assert.equal(afterVersion.frames, 2, 'a pcapng 2.x section cannot be read as 1.x');
    assert.equal(afterVersion.warnings.length, 1);
  });

  it('throws NOT_A_CAPTURE for an unknown magic or an empty input', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('GIF89a-not-a-capture'), /is not a pcap or pcapng file \(starts with 0x47494638\)/],
      [Buffer.alloc(0), /is not a pcap or pcapng file \(it is empty\)/],
      [Buffer.from([0xd4, 0xc3]), /starts with 0xd4c3\)/],
      [Buffer.from('1f8b0808', 'hex'), /starts with 0x1f8b0808\)/],
    ];
    for (const [bytes, message] of cases) {
      assert.throws(
        () => readCaptureBytes(bytes, () => {}),
        (error: unknown) =>
          error instanceof LlreachError &&
          error.code === 'NOT_A_CAPTURE' &&
          error.oclif.exit === EXIT.BAD_FILE &&
          message.test(error.message) &&
          (error.suggestions ?? []).length > 0,
      );
    }
  });

  it('suggests decompressing gzip or zstd data that came through a pipe', () => {
    assert.throws(() => readCaptureBytes(Buffer.from('1f8b08000000', 'hex'), () => {}), {
      suggestions: ['It looks gzip-compressed and came through a pipe: decompress it first (gunzip -c FILE | llreach ... --read -).'],
    });
    assert.throws(() => readCaptureBytes(Buffer.from('28b52ffd0000', 'hex'), () => {}), {
      suggestions: ['It looks zstd-compressed: decompress it first (zstd -d FILE).'],
    });
  });
});

describe('readCaptureFile on a gzip-compressed capture file', () => {
  it('reads it as the capture it holds', () => {
    const plain = twoRecordPcap(true);
    withTempFile(gzipSync(plain), (path) => {
      const seen = collector();
      const summary = readCaptureFile(path, seen.onFrame);
      const expected = collector();
      readCaptureBytes(plain, expected.onFrame);
      assert.deepEqual([summary.format, summary.frames, summary.warnings], ['pcap', 2, []]);
      assert.deepEqual(seen.frames, expected.frames);
    });
  });

  it('refuses a gzip file that does not decompress, with BAD_COMPRESSED_FILE and what to do', () => {
    withTempFile(Buffer.concat([gzipSync(twoRecordPcap(true)).subarray(0, 20), Buffer.alloc(8, 0x55)]), (path) => {
      assert.throws(() => readCaptureFile(path, () => {}), (error: LlreachError) =>
        error.code === 'BAD_COMPRESSED_FILE' && /does not decompress/.test(error.message) && /gunzip -k/.test(error.suggestions?.[0] ?? ''));
    });
  });
});

describe('readCaptureBytes on the modified pcap of old Red Hat tcpdump', () => {
  /** Magic 0xa1b2cd34 in the file's byte order; each record header has ifindex, protocol, type and a pad. */
  function modifiedPcap(littleEndian: boolean, frames: Buffer[]): Buffer {
    const u32 = (value: number) => { const b = Buffer.alloc(4); if (littleEndian) b.writeUInt32LE(value); else b.writeUInt32BE(value); return b; };
    const u16 = (value: number) => { const b = Buffer.alloc(2); if (littleEndian) b.writeUInt16LE(value); else b.writeUInt16BE(value); return b; };
    const header = Buffer.concat([u32(0xa1_b2_cd_34), u16(2), u16(4), u32(0), u32(0), u32(65_535), u32(1)]);
    const records = frames.map((data, i) => Buffer.concat([
      u32(1_796_389_200 + i), u32(250_000), u32(data.length), u32(data.length), u32(3), u16(0x0806), Buffer.from([0, 0]), data,
    ]));
    return Buffer.concat([header, ...records]);
  }

  it('reads its 24-byte record headers in either byte order', () => {
    const frames = [Buffer.alloc(42, 1), Buffer.alloc(60, 2)];
    for (const littleEndian of [true, false]) {
      const seen = collector();
      const summary = readCaptureBytes(modifiedPcap(littleEndian, frames), seen.onFrame, seen.onInterface);
      assert.deepEqual([summary.format, summary.frames, summary.warnings], ['pcap', 2, []], `little-endian ${littleEndian}`);
      assert.deepEqual(seen.frames.map((f) => [f.time, f.hex]), [
        ['1796389200.250000000', frames[0]!.toString('hex')],
        ['1796389201.250000000', frames[1]!.toString('hex')],
      ]);
    }
  });
});

describe('readCaptureFile', () => {
  it('reads the same frames as readCaptureBytes for every chunk size, records spanning chunks included', () => {
    const frames = Array.from({length: 40}, (_, i) => Buffer.alloc(20 + i * 7, i));
    const pcap = buildPcap(frames.map((data, i) => ({sec: i, fraction: i * 1000, data})));
    const pcapng = Buffer.concat([
      sectionHeader(true),
      interfaceBlock(true, {linkType: 1, name: 'a'}),
      ...frames.slice(0, 20).map((data, i) => enhancedPacket(true, 0, BigInt(i) * 1_000_000n, data)),
      sectionHeader(false),
      interfaceBlock(false, {linkType: 0, name: 'b'}),
      ...frames.slice(20).map((data) => simplePacket(false, data.length, data)),
    ]);
    for (const bytes of [pcap, pcapng]) {
      const expected = collector();
      readCaptureBytes(bytes, expected.onFrame, expected.onInterface);
      assert.equal(expected.frames.length, 40);
      withTempFile(bytes, (path) => {
        for (const chunkBytes of [1, 7, 16, 33, 64, 100, 4096, 1 << 20]) {
          const seen = collector();
          const summary = readCaptureFile(path, seen.onFrame, seen.onInterface, {chunkBytes});
          assert.deepEqual(seen.events, expected.events, `chunk ${chunkBytes}`);
          assert.deepEqual(summary.warnings, [], `chunk ${chunkBytes}`);
        }
      });
    }
  });

  it('skips a damaged pcapng block to the next good one whatever the chunk size', () => {
    const frames = Array.from({length: 6}, (_, i) => Buffer.alloc(30 + i * 5, i));
    const packets = frames.map((data, i) => enhancedPacket(true, 0, BigInt(i) * 1_000_000n, data));
    const damaged = block(true, 6, Buffer.alloc(40, 0xab), 9);
    const bytes = Buffer.concat([sectionHeader(true), interfaceBlock(true, {linkType: 1}), ...packets.slice(0, 3), damaged, ...packets.slice(3)]);
    const expected = collector();
    readCaptureBytes(bytes, expected.onFrame, expected.onInterface);
    assert.equal(expected.frames.length, 6);
    withTempFile(bytes, (path) => {
      for (const chunkBytes of [1, 7, 16, 33, 4096]) {
        const seen = collector();
        const summary = readCaptureFile(path, seen.onFrame, seen.onInterface, {chunkBytes});
        assert.deepEqual(seen.events, expected.events, `chunk ${chunkBytes}`);
        assert.equal(summary.warnings.length, 1, `chunk ${chunkBytes}`);
      }
    });
  });

  it('warns once on a cut-off file read in small chunks', () => {
    const bytes = twoRecordPcap(false);
    withTempFile(bytes.subarray(0, bytes.length - 3), (path) => {
      const summary = readCaptureFile(path, () => {}, undefined, {chunkBytes: 8});
      assert.equal(summary.frames, 1);
      assert.equal(summary.warnings.length, 1);
    });
  });

  it('names the file in NOT_A_CAPTURE', () => {
    withTempFile(Buffer.from('hello world'), (path) => {
      assert.throws(() => readCaptureFile(path, () => {}), {
        code: 'NOT_A_CAPTURE',
        message: `${path} is not a pcap or pcapng file (starts with 0x68656c6c)`,
      });
    });
  });

  it('throws FILE_UNREADABLE with the OS reason for a missing file or a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llreach-file-reader-'));
    try {
      const missing = join(dir, 'missing.pcap');
      const cases: Array<[string, string]> = [
        [missing, `cannot read capture file ${missing}: no such file or directory`],
        [dir, `cannot read capture file ${dir}: illegal operation on a directory`],
      ];
      for (const [path, message] of cases) {
        assert.throws(
          () => readCaptureFile(path, () => {}),
          (error: unknown) =>
            error instanceof LlreachError &&
            error.code === 'FILE_UNREADABLE' &&
            error.oclif.exit === EXIT.BAD_FILE &&
            error.message === message &&
            (error.suggestions ?? []).length > 0,
        );
      }
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

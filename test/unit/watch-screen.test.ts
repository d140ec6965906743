// renderScreen and the line/NDJSON renderers as pure functions, pinned by golden text.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {Chalk} from 'chalk';

import {renderScreen, type ScreenInput} from '../../src/render/live-screen.js';
import {renderChangeLines, renderLinesHeader, renderWatchSummary} from '../../src/render/live-lines.js';
import {diffSnapshots} from '../../src/watch/diff.js';
import {initialViewState, selectRows, type ViewState} from '../../src/watch/view-state.js';
import {row, snapshotAt} from './watch-fixtures.js';

const snapshot = snapshotAt(120, [
  row({addr: '02:00:00:00:00:01', addresses: ['198.51.100.1'], lastrcvd: 118}),
  row({
    addr: '02:00:00:00:00:02',
    addresses: ['198.51.100.2', '198.51.100.3'],
    lastrcvd: 100,
    reachable: 24,
    moved: [{address: '198.51.100.3', from: '02:00:00:00:00:09', at: 100}],
  }),
  row({addr: '02:00:00:00:00:03', addresses: ['198.51.100.4'], lastrcvd: 80}),
  row({addr: '02:00:00:00:00:04', proto: 0x86dd, addresses: ['2001:db8::4', 'fe80::4'], lastrcvd: 119}),
]);

function screen(overrides: Partial<ScreenInput> & {state?: ViewState} = {}): string {
  const state = overrides.state ?? initialViewState();
  return renderScreen({
    snapshot,
    rows: selectRows(snapshot, state),
    state,
    status: {source: 'eth0', framesPerSec: 12.5, dropped: 3},
    createdAt: new Map([['2|eth0||34525|02:00:00:00:00:04', snapshot.calendar - 1]]),
    width: 100,
    height: 8,
    chalk: new Chalk({level: 0}),
    ...overrides,
  });
}

const GOLDEN_PLAIN = [
  '13:00:20 eth0 | segment view | 13 frames/s | 3 dropped | 4 records | 1 skipped | proto all | sort t…',
  'reachable  ! expiring (<=5s)  x expired  + new  > moved address',
  '   Proto  Link-layer address  Refs  Probes    Expires    Heard  Addresses',
  '   ipv4   02:00:00:00:00:01      1       0        28s   2s ago  198.51.100.1',
  '!  ipv4   02:00:00:00:00:02      2       0         4s  20s ago  198.51.100.2 198.51.100.3 (moved …',
  'x  ipv4   02:00:00:00:00:03      1       0    expired  40s ago  198.51.100.4',
  '1 more | q quit, / filter, p proto, s sort, arrows PgUp PgDn Home End scroll',
].join('\n');

describe('renderScreen', () => {
  it('golden, colour off: status, legend, heads, the rows that fit, and "N more"', () => {
    assert.equal(screen(), GOLDEN_PLAIN);
  });

  it("live: libpcap's received and dropped counts in the status line", () => {
    const status = {source: 'eth0', framesPerSec: 12.5, dropped: 3, received: 1200};
    const first = screen({status, width: 140}).split('\n')[0];
    assert.match(first, /\| 3 of 1200 dropped \|/);
  });

  it('golden, colour on: states coloured, text and widths unchanged', () => {
    const coloured = screen({chalk: new Chalk({level: 1})});
    const lines = coloured.split('\n');
    assert.equal(lines[0], `\u001B[7m${GOLDEN_PLAIN.split('\n')[0]}\u001B[27m`);
    assert.equal(
      lines[1],
      '\u001B[32mreachable\u001B[39m  \u001B[33m! expiring (<=5s)\u001B[39m  \u001B[31mx expired\u001B[39m  ' +
        '\u001B[36m\u001B[1m+ new\u001B[22m\u001B[39m  \u001B[35m> moved address\u001B[39m',
    );
    assert.equal(lines[3], '   ipv4   02:00:00:00:00:01      1       0        \u001B[32m28s\u001B[39m   2s ago  198.51.100.1');
    assert.equal(
      lines[4],
      '\u001B[33m!\u001B[39m  ipv4   02:00:00:00:00:02      2       0         \u001B[33m4s\u001B[39m  20s ago  ' +
        '198.51.100.2 \u001B[35m198.51.100.3 (moved …\u001B[39m',
    );
    assert.equal(lines[5], '\u001B[31mx\u001B[39m  ipv4   02:00:00:00:00:03      1       0    \u001B[31mexpired\u001B[39m  40s ago  198.51.100.4');
    assert.equal(coloured.replaceAll(/\u001B\[\d+m/g, ''), GOLDEN_PLAIN);
  });

  it('highlights a new record and drops optional columns on a narrow terminal', () => {
    const text = screen({width: 60, height: 20});
    assert.equal(text.split('\n').slice(2).join('\n'), [
      '   Proto  Link-layer address  Refs    Expires  Addresses',
      '   ipv4   02:00:00:00:00:01      1        28s  198.51.100.1',
      '!  ipv4   02:00:00:00:00:02      2         4s  198.51.100.…',
      'x  ipv4   02:00:00:00:00:03      1    expired  198.51.100.4',
      '+  ipv6   02:00:00:00:00:04      2        29s  2001:db8::4…',
      'q quit, / filter, p proto, s sort, arrows PgUp PgDn Home En…',
    ].join('\n'));
    const coloured = screen({width: 60, height: 20, chalk: new Chalk({level: 1})}).split('\n')[6];
    assert.match(coloured!, /^\u001B\[36m\u001B\[1m\+\u001B\[22m\u001B\[39m {2}ipv6 {3}\u001B\[36m\u001B\[1m02:00:00:00:00:04/);
  });

  it('adds the interface column for several contexts and the radio metrics only when a record has them', () => {
    const mixed = snapshotAt(120, []);
    mixed.interfaces = [
      {interface: 'wlan0', ifindex: 3, vlan: null, frames: 2, records: [{...row({addr: '02:00:00:00:00:05', lastrcvd: 118}), interface: 'wlan0', rssi: -74, expiresIn: 28}]},
      {interface: 'eth0', ifindex: 2, vlan: '123', frames: 1, records: [{...row({addr: '02:00:00:00:00:06', lastrcvd: 118}), vlan: '123', expiresIn: 28}]},
    ];
    const state = initialViewState();
    const lines = screen({snapshot: mixed, rows: selectRows(mixed, state), width: 120}).split('\n');
    assert.equal(lines[2], '   If        Proto  Link-layer address  Refs  Probes    Expires    Heard     RSSI  LQM      NPM      Addresses');
    assert.equal(lines[3], '   wlan0     ipv4   02:00:00:00:00:05      1       0        28s   2s ago      -74  unknown  unknown  198.51.100.1');
    assert.equal(lines[4], '   eth0.123  ipv4   02:00:00:00:00:06      1       0        28s   2s ago  unknown  unknown  unknown  198.51.100.1');
  });

  it('never exceeds the terminal: at most height − 1 lines, none wider than width', () => {
    for (const [width, height] of [[40, 6], [80, 24], [132, 10], [20, 3]] as const) {
      const lines = screen({width, height}).split('\n');
      assert.ok(lines.length <= Math.max(height - 1, 5), `${lines.length} lines for height ${height}`);
      for (const line of lines) assert.ok([...line].length <= Math.max(20, width), `"${line}" wider than ${width}`);
    }
  });

  it('scrolls: shows "N above" and "N more", and the filter being typed', () => {
    const scrolled = screen({state: {...initialViewState(), scroll: 1}, height: 7});
    assert.match(scrolled.split('\n').at(-1)!, /^1 above \| 1 more \| q quit/);
    assert.match(scrolled.split('\n')[3]!, /02:00:00:00:00:02/);
    const typing = screen({state: {...initialViewState(), draft: '2001'}});
    assert.match(typing.split('\n').at(-1)!, /^\/2001_ {2}\(Enter applies/);
  });

  it('puts a lost interface early in the status line and says so when nothing matches', () => {
    const state = {...initialViewState(), filter: 'nothing-like-this'};
    const status = {source: 'eth0', framesPerSec: 0, dropped: 0, note: 'interface lost, retrying in 4s'};
    const text = screen({state, status, width: 160});
    assert.match(text, /^13:00:20 eth0 \| INTERFACE LOST, RETRYING IN 4S \| segment view \| 0\.0 frames\/s/);
    assert.match(text, /4 records \(0 shown\)/);
    assert.match(text, /No record matches the filter/);
  });
});

describe('renderScreen on very short terminals', () => {
  it('never draws more than height − 1 lines, and the status line always stays on top', () => {
    for (let height = 2; height <= 9; height++) {
      const lines = screen({height}).split('\n');
      assert.ok(lines.length <= Math.max(1, height - 1), `height ${height}: ${lines.length} lines`);
      assert.match(lines[0]!, /^13:00:20 eth0 \| segment view/, `height ${height}`);
    }
  });
});

describe('change lines (stdout not a terminal)', () => {
  it('golden: a header, then one timestamped line per record that appeared, changed or went, in tree order', () => {
    const before = snapshotAt(101, [row({addr: '02:00:00:00:00:01'}), row({addr: '02:00:00:00:00:02', addresses: ['198.51.100.2']})]);
    const after = snapshotAt(102, [
      row({addr: '02:00:00:00:00:01', addresses: ['198.51.100.1', '198.51.100.5']}),
      row({addr: '02:00:00:00:00:03', proto: 0x86dd, addresses: ['2001:db8::3'], lastrcvd: 102}),
    ]);
    const lines = [renderLinesHeader(), ...renderChangeLines(diffSnapshots(before, after).changes, after.calendar)];
    assert.deepEqual(lines, [
      'TIME                CHANGE    INTERFACE    PROTO LINK-LAYER ADDRESS REFS PROBES EXPIRES   ADDRESSES',
      '2026-12-04 13:00:02 changed   eth0         ipv4  02:00:00:00:00:01  2    0      28s       198.51.100.1,198.51.100.5',
      '2026-12-04 13:00:02 removed   eth0         ipv4  02:00:00:00:00:02  1    0      -         198.51.100.2',
      '2026-12-04 13:00:02 added     eth0         ipv6  02:00:00:00:00:03  1    0      30s       2001:db8::3',
    ]);
  });

  it('summarises a session in one line', () => {
    assert.equal(
      renderWatchSummary({frames: 75, recordsSeen: 8, moves: 1, dropped: 0}),
      'watch: 75 frames, 8 records seen, 1 move, 0 dropped by libpcap',
    );
    assert.equal(
      renderWatchSummary({frames: 1, recordsSeen: 200_000, recordsSeenAtLeast: true, moves: 0, dropped: undefined}),
      'watch: 1 frame, at least 200000 records seen, 0 moves',
    );
  });
});

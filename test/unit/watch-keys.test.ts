// parseKeys and the view-state reducer: what each key does to the table.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';

import {parseKeys, type Key} from '../../src/watch/keys.js';
import {applyKey, initialViewState, selectRows, type ViewState} from '../../src/watch/view-state.js';
import {row, snapshotAt} from './watch-fixtures.js';

function press(state: ViewState, input: string, pageRows = 10, totalRows = 100): ViewState {
  return parseKeys(input).reduce((s: ViewState, key: Key) => applyKey(s, key, pageRows, totalRows), state);
}

describe('parseKeys', () => {
  it('splits a chunk into arrows, paging, Home/End in xterm and VT220 spellings, and characters', () => {
    const names = parseKeys('\u001B[A\u001B[B\u001B[5~\u001B[6~\u001B[H\u001B[F\u001B[1~\u001B[4~\u001BOHq/').map((k) =>
      k.name === 'char' ? k.char : k.name,
    );
    assert.deepEqual(names, ['up', 'down', 'pageUp', 'pageDown', 'home', 'end', 'home', 'end', 'home', 'q', '/']);
  });

  it('knows Ctrl-C, Enter, Backspace and a lone Escape, and drops unknown sequences', () => {
    assert.deepEqual(parseKeys('\u0003\r\u007F\u001B\u001B[15~').map((k) => k.name), ['interrupt', 'enter', 'backspace', 'escape']);
  });
});

describe('applyKey', () => {
  it('scrolls by one, by a page, to the ends, and never past them', () => {
    const start = initialViewState();
    assert.equal(press(start, '\u001B[B\u001B[B').scroll, 2);
    assert.equal(press(start, '\u001B[6~').scroll, 10);
    assert.equal(press(start, '\u001B[F').scroll, 90);
    assert.equal(press(start, '\u001B[F\u001B[6~').scroll, 90);
    assert.equal(press(start, '\u001B[A\u001B[5~').scroll, 0);
    assert.equal(press(start, '\u001B[F\u001B[H').scroll, 0);
    assert.equal(press(start, '\u001B[B', 10, 5).scroll, 0, 'everything fits: nothing to scroll');
  });

  it('cycles the protocol all → ipv4 → ipv6 → all with p, and the sort with s', () => {
    assert.deepEqual(['p', 'pp', 'ppp'].map((keys) => press(initialViewState(), keys).proto), ['ipv4', 'ipv6', 'all']);
    assert.deepEqual(
      ['s', 'ss', 'sss', 'ssss', 'sssss'].map((keys) => press(initialViewState(), keys).sort),
      ['expiry', 'refs', 'probes', 'heard', 'tree'],
    );
  });

  it('edits a filter after /: typing, Backspace, Enter applies, Escape clears', () => {
    const typing = press(initialViewState(), '/198x\u007F');
    assert.equal(typing.draft, '198');
    const applied = press(typing, '.51\r');
    assert.deepEqual([applied.filter, applied.draft], ['198.51', undefined]);
    assert.equal(press(applied, 'q').quit, true, 'q quits once the filter is applied');
    assert.equal(press(typing, 'q').draft, '198q', 'while typing, q is a letter');
    assert.equal(press(applied, '\u001B').filter, '');
  });

  it('quits on q and on Ctrl-C, even while typing a filter', () => {
    assert.equal(press(initialViewState(), 'q').quit, true);
    assert.equal(press(initialViewState(), '/ab\u0003').quit, true);
  });
});

describe('selectRows', () => {
  const snapshot = snapshotAt(120, [
    row({addr: '02:00:00:00:00:01', addresses: ['198.51.100.1'], lastrcvd: 110, probes: 1}),
    row({addr: '02:00:00:00:00:02', addresses: ['198.51.100.2', '198.51.100.3'], lastrcvd: 100, probes: 3}),
    row({addr: '02:00:00:00:00:03', proto: 0x86dd, addresses: ['2001:db8::3'], lastrcvd: 115, reachable: 10}),
  ]);
  const macs = (state: Partial<ViewState>) => selectRows(snapshot, {...initialViewState(), ...state}).map((r) => r.addr.slice(-2));

  it('keeps tree order by default and sorts by expiry, refs, probes and last heard', () => {
    assert.deepEqual(macs({}), ['01', '02', '03']);
    assert.deepEqual(macs({sort: 'expiry'}), ['03', '02', '01']);
    assert.deepEqual(macs({sort: 'refs'}), ['02', '01', '03']);
    assert.deepEqual(macs({sort: 'probes'}), ['02', '01', '03']);
    assert.deepEqual(macs({sort: 'heard'}), ['03', '01', '02']);
  });

  it('filters by protocol and by a piece of the MAC or of an address, ignoring case', () => {
    assert.deepEqual(macs({proto: 'ipv6'}), ['03']);
    assert.deepEqual(macs({proto: 'ipv4'}), ['01', '02']);
    assert.deepEqual(macs({filter: '100.3'}), ['02']);
    assert.deepEqual(macs({filter: '00:00:03'}), ['03']);
    assert.deepEqual(macs({filter: '2001:DB8'}), ['03']);
  });
});

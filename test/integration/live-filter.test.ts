// The live BPF filter, compiled and run by libpcap itself (tcpdump -r) over frames with 0 to 10
// VLAN tags: ARP behind up to FILTER_VLAN_DEPTH tags passes, deeper frames and other protocols do not.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {DEFAULT_FILTER, FILTER_VLAN_DEPTH} from '../../src/capture/live.js';
import {buildPcap} from '../unit/file-reader-fixtures.js';

/** An ARP request behind `tags` 802.1Q tags (VLAN ids 10, 11, …), or an IPX frame with `ipx`. */
function taggedFrame(tags: number, ethertype = '0806'): Buffer {
  const vlans = Array.from({length: tags}, (_, i) => `8100${(10 + i).toString(16).padStart(4, '0')}`).join('');
  const arp = '0001080006040001020000000007c6336407000000000000c6336408';
  return Buffer.from(`ffffffffffff020000000007${vlans}${ethertype}${arp}`, 'hex');
}

describe('the live capture filter', () => {
  it(`lets ARP through behind up to ${FILTER_VLAN_DEPTH} VLAN tags, and nothing else`, () => {
    const depths = Array.from({length: FILTER_VLAN_DEPTH + 3}, (_, tags) => tags);
    const frames = [...depths.map((tags) => taggedFrame(tags)), taggedFrame(2, '8137')];
    const path = join(mkdtempSync(join(tmpdir(), 'llreach-bpf-')), 'tags.pcap');
    writeFileSync(path, buildPcap(frames.map((data, i) => ({sec: 1_796_389_200 + i, fraction: 0, data}))));
    const run = spawnSync('tcpdump', ['-r', path, '-n', '-e', '-tt', DEFAULT_FILTER], {encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    const passed = run.stdout.trim().split('\n').map((line) => Number(line.split('.')[0]) - 1_796_389_200);
    assert.deepEqual(passed, depths.filter((tags) => tags <= FILTER_VLAN_DEPTH));
  });
});

// The bundled sample: its facts (derived by tshark) match samples/README.md, and re-recording it
// in namespaces reproduces the same facts and leaves nothing behind.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {promisify} from 'node:util';

import {listNamespaces} from './netns.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const sample = join(root, 'samples', 'lab.pcapng');
const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;

// The table in samples/README.md, as scripts/sample-facts.sh prints it.
const EXPECTED_FACTS = [
  'IPv4 02:11:00:00:00:01 Refs 1: 198.51.100.1',
  'IPv4 02:11:00:00:00:0a Refs 2: 198.51.100.10 198.51.100.11',
  'IPv4 02:11:00:00:00:bb Refs 1: 198.51.100.20',
  'IPv4 moves 1',
  'IPv6 02:11:00:00:00:01 Refs 2: 2001:db8:1::1 fe80::11:ff:fe00:1',
  'IPv6 02:11:00:00:00:0a Refs 3: 2001:db8:1:0:11:ff:fe00:a 2001:db8:1::10 fe80::11:ff:fe00:a',
  'IPv6 02:11:00:00:00:bb Refs 2: 2001:db8:1:0:11:ff:fe00:b fe80::11:ff:fe00:b',
  'IPv6 moves 2',
  'router 02:11:00:00:00:01 lifetime 1800',
];

async function deriveFacts(file: string): Promise<string[]> {
  const {stdout} = await run(join(root, 'scripts', 'sample-facts.sh'), [file]);
  return stdout.trim().split('\n');
}

describe('bundled sample samples/lab.pcapng', () => {
  it('is a small pcapng file', () => {
    assert.equal(readFileSync(sample).readUInt32LE(0), PCAPNG_SECTION_HEADER);
    assert.ok(statSync(sample).size < 100_000);
  });

  it('gives tshark the facts samples/README.md states', async () => {
    assert.deepEqual(await deriveFacts(sample), EXPECTED_FACTS);
    const readme = readFileSync(join(root, 'samples', 'README.md'), 'utf8');
    assert.match(readme, /\| IPv6 \| 02:11:00:00:00:0a \| 3 \|/);
  });
});

describe('scripts/record-sample.sh', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'llt-sample-'));
  after(() => rmSync(workDir, {recursive: true, force: true}));

  it('records the same facts again and leaves no namespace behind', {timeout: 90_000}, async () => {
    const before = listNamespaces().filter((ns) => ns.startsWith('lllab'));
    const output = join(workDir, 'lab.pcapng');
    await run(join(root, 'scripts', 'record-sample.sh'), [output], {timeout: 80_000});
    assert.deepEqual(await deriveFacts(output), EXPECTED_FACTS);
    assert.deepEqual(listNamespaces().filter((ns) => ns.startsWith('lllab')), before);
  });
});

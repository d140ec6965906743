// The show command as a user runs it (the built bin/run.js): errors a user can act on, each with
// its documented exit code and no stack trace, in text and in --json.
import assert from 'node:assert/strict';
import {execFile, spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {describe, it} from 'node:test';

import {corpusDir, projectRoot, runJs} from '../helpers/paths.js';
import {enhancedPacket, interfaceBlock, sectionHeader} from '../unit/file-reader-fixtures.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function llreach(...args: string[]): Promise<Run> {
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [runJs, ...args], {cwd: projectRoot});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const failed = error as {code: number; stdout: string; stderr: string};
    return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr};
  }
}

const CASES: Array<{what: string; args: string[]; exit: number; says: RegExp}> = [
  {what: 'a missing file', args: ['show', '--read', '/nonexistent.pcap'], exit: 6, says: /cannot read capture file/},
  {what: 'a file that is not a capture', args: ['show', '--read', 'package.json'], exit: 6, says: /not a pcap or pcapng file/},
  {what: 'an unsupported link type', args: ['show', '--read', join(corpusDir, 'td-arcnet-arp.pcap')], exit: 7, says: /ARCNET_LINUX \(129\)/},
  {what: 'an unknown interface', args: ['show', 'nosuch0'], exit: 3, says: /no interface named "nosuch0" \(interfaces here:[\s\S]*lo\)/},
  {what: 'an interface and --read together', args: ['show', 'eth0', '--read', 'samples/lab.pcapng'], exit: 2, says: /not both/},
  {what: 'a bad flag value', args: ['show', '--proto', 'ipx'], exit: 2, says: /ipx/},
  {what: 'get-defrouter on an unknown interface (inet too)', args: ['get-defrouter', '--af', 'inet', 'nosuch0'], exit: 3, says: /no interface named "nosuch0"/},
  {what: 'a --gateway zone naming no interface', args: ['get-defrouter', '--af', 'inet6', '--gateway', 'fe80::1%nosuch0'], exit: 3, says: /no interface named "nosuch0"/},
  {what: 'a --gateway zone naming another interface than the one given', args: ['get-defrouter', '--af', 'inet6', 'lo', '--gateway', 'fe80::1%eth9'], exit: 2, says: /scoped to eth9, but the interface given[\s›]+is lo/},
  {what: 'an unknown flag', args: ['show', '--read', 'samples/lab.pcapng', '--bogus'], exit: 2, says: /Nonexistent flag: --bogus/},
  {what: 'get-defrouter without --af', args: ['get-defrouter'], exit: 2, says: /Missing required flag af/},
];

describe('llreach show: errors and exit codes', () => {
  for (const {what, args, exit, says} of CASES) {
    it(`${what}: exit ${exit}, an actionable message, no stack trace`, async () => {
      const text = await llreach(...args);
      assert.equal(text.code, exit, text.stderr);
      assert.match(text.stderr, says);
      assert.doesNotMatch(text.stderr, /\n\s+at /, 'no stack trace');
      const json = await llreach(...args, '--json');
      assert.equal(json.code, exit, 'the same exit code under --json');
      const {error} = JSON.parse(json.stdout);
      assert.equal(typeof error.message, 'string', json.stdout);
      assert.ok(json.stdout.length < 2000, `a small error object, not oclif's parser state (${json.stdout.length} bytes)`);
    });
  }

  it('reads the bundled sample with exit 0 and pipes into head without crashing', async () => {
    const {code, stdout} = await llreach('show', '--read', 'samples/lab.pcapng', '--seed', '1');
    assert.equal(code, 0);
    assert.match(stdout, /lab\.pcapng: segment view, 75 frames read, 0 skipped, 0 malformed/);
    const piped = await promisify(execFile)('bash', ['-c', `node ${runJs} show --read samples/lab.pcapng | head -1`], {cwd: projectRoot});
    assert.equal(piped.stderr, '');
  });
});

describe('llreach: help and usage errors shared by every command', () => {
  for (const args of [['help'], ['-h'], ['--help'], ['help', 'watch'], ['show', '-h'], ['get-defrouter', '-h']]) {
    it(`${args.join(' ')} prints help with examples and exits 0`, async () => {
      const {code, stdout} = await llreach(...args);
      assert.equal(code, 0);
      assert.match(stdout, /USAGE\n {2}\$ llreach/);
      if (args.length > 1 && args[0] !== 'help') assert.match(stdout, /EXAMPLES/);
    });
  }

  const USAGE_ERRORS: Array<{args: string[]; code: string}> = [
    {args: ['watch', 'eth0', '--read', 'samples/lab.pcapng'], code: 'INTERFACE_WITH_READ'},
    {args: ['get-defrouter', 'eth0', '--af', 'inet6', '--read', 'samples/lab.pcapng'], code: 'INTERFACE_WITH_READ'},
    {args: ['get-defrouter', '--af', 'inet6', '--probe', '--read', 'samples/lab.pcapng'], code: 'PROBE_WITH_READ'},
  ];
  for (const {args, code} of USAGE_ERRORS) {
    it(`${args.join(' ')}: exit 2 with code ${code}, text and JSON`, async () => {
      const text = await llreach(...args);
      assert.equal(text.code, 2, text.stderr);
      assert.match(text.stderr, new RegExp(`Code: ${code}`));
      const json = await llreach(...args, '--json');
      assert.equal(json.code, 2);
      assert.equal(JSON.parse(json.stdout).error.code, code);
    });
  }
});

describe('llreach: input that is not meant for it', () => {
  /** A pcapng whose interface name would clear the screen, retitle the window and forge a line. */
  function hostileNameFile(): string {
    const arp = Buffer.from('ffffffffffff0200000000070806000108000604000102000000000' + '7c6336407000000000000c6336407', 'hex');
    const name = '\u001B[2J\u001B]2;PWNED\u0007e1\nforged';
    const file = Buffer.concat([sectionHeader(true), interfaceBlock(true, {linkType: 1, name}), enhancedPacket(true, 0, 1_796_389_200_000_000n, arp)]);
    const path = join(mkdtempSync(join(tmpdir(), 'llreach-names-')), 'names.pcapng');
    writeFileSync(path, file);
    return path;
  }

  it('escapes control characters of interface names from a file in every output', () => {
    const path = hostileNameFile();
    for (const args of [['show'], ['show', '--format', 'netstat'], ['watch', '--speed', 'max']]) {
      const run = spawnSync(process.execPath, [runJs, ...args, '--read', path], {encoding: 'utf8', env: {...process.env, FORCE_COLOR: '0'}});
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, /[\u0000-\u0008\u000B-\u001F\u007F]/, `${args.join(' ')}: no control character but newline and tab`);
      assert.match(run.stdout, /\\x1b\]2;PWNED|\\x1b\[2J/, args.join(' '));
      assert.doesNotMatch(run.stdout, /^forged/m, `${args.join(' ')}: no forged line`);
    }
  });

  it('watch --read warns about a cut-off file as show does, on stderr and in every --json snapshot', () => {
    const whole = Buffer.concat([sectionHeader(true), interfaceBlock(true, {linkType: 1}), enhancedPacket(true, 0, 1_796_389_200_000_000n, Buffer.alloc(60))]);
    const path = join(mkdtempSync(join(tmpdir(), 'llreach-cut-')), 'cut.pcapng');
    writeFileSync(path, whole.subarray(0, whole.length - 10));
    const run = spawnSync(process.execPath, [runJs, 'watch', '--read', path, '--speed', 'max', '--json'], {encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr.replaceAll(/\s*›\s*/g, ' '), /cut off/);
    const snapshots = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as {warnings: string[]});
    assert.ok(snapshots.length > 0 && snapshots.every((s) => s.warnings.some((w) => w.includes('cut off'))));
  });

  it('counts frames stamped before 1970 or after 9999 as malformed instead of printing NaN dates', () => {
    const arp = Buffer.from('ffffffffffff020000000007080600010800060400010200000000' + '07c6336407000000000000c6336407', 'hex');
    for (const tsoffsetSec of [2n ** 62n, -(2n ** 62n)]) {
      const file = Buffer.concat([sectionHeader(true), interfaceBlock(true, {linkType: 1, tsoffsetSec}), enhancedPacket(true, 0, 1_000_000n, arp)]);
      const path = join(mkdtempSync(join(tmpdir(), 'llreach-time-')), 'time.pcapng');
      writeFileSync(path, file);
      const shown = spawnSync(process.execPath, [runJs, 'show', '--read', path, '--json'], {encoding: 'utf8'});
      assert.equal(shown.status, 0, shown.stderr);
      const output = JSON.parse(shown.stdout);
      assert.deepEqual([output.malformed, output.malformedReasons], [1, {TIMESTAMP_OUT_OF_RANGE: 1}]);
      const watched = spawnSync(process.execPath, [runJs, 'watch', '--read', path, '--speed', 'max'], {encoding: 'utf8', timeout: 10_000});
      assert.equal(watched.status, 0, watched.stderr);
      assert.doesNotMatch(watched.stdout + watched.stderr, /NaN/);
    }
  });

  it('--read - reads the capture from standard input, as tcpdump -r - does', () => {
    const run = spawnSync('bash', ['-c', `cat samples/lab.pcapng | ${process.execPath} ${runJs} show --read - --json`], {cwd: projectRoot, encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).frames, 75);
  });

  it('leaves piped stdin alone: it is not taken as the interface', () => {
    const run = spawnSync(process.execPath, [runJs, 'show', '--read', 'samples/lab.pcapng'], {cwd: projectRoot, input: 'hello\n', encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /lab\.pcapng: segment view/);
  });
});

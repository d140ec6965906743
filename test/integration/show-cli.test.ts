// The show command as a user runs it (the built bin/run.js): errors a user can act on, each with
// its documented exit code and no stack trace, in text and in --json.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {describe, it} from 'node:test';

import {corpusDir, projectRoot, runJs} from '../helpers/paths.js';

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
      assert.ok(JSON.parse(json.stdout).error, json.stdout);
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

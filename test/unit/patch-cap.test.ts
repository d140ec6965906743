// scripts/patch-cap.mjs, the postinstall that patches cap: idempotent, and harmless without cap.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

import {projectRoot} from '../helpers/paths.js';

const SCRIPT = join(projectRoot, 'scripts', 'patch-cap.mjs');
const PATCH = join(projectRoot, 'patches', 'cap+0.2.1.patch');

describe('scripts/patch-cap.mjs', () => {
  it('does nothing and exits 0 when cap is not installed (no libpcap-dev)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llcap-nocap-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      mkdirSync(join(dir, 'patches'));
      copyFileSync(SCRIPT, join(dir, 'scripts', 'patch-cap.mjs'));
      copyFileSync(PATCH, join(dir, 'patches', 'cap+0.2.1.patch'));
      const result = spawnSync(process.execPath, [join(dir, 'scripts', 'patch-cap.mjs')], {cwd: dir, encoding: 'utf8'});
      assert.equal(result.status, 0);
      assert.match(result.stderr, /cap is not installed/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('changes nothing when run again on an already patched and built cap', () => {
    const result = spawnSync(process.execPath, [SCRIPT], {cwd: projectRoot, encoding: 'utf8'});
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '', 'no patching, no rebuild, no warning');
  });

  it('is a patch git can reverse on the installed cap (so the installed source is patched)', () => {
    const capDir = join(projectRoot, 'node_modules', 'cap');
    const env = {...process.env, GIT_CEILING_DIRECTORIES: join(projectRoot, 'node_modules')};
    execFileSync('git', ['apply', '--check', '--reverse', PATCH], {cwd: capDir, env});
  });
});

// src/capture/privileges.ts: when to drop root, and what users are told when it cannot be done.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {describe, it} from 'node:test';

import {dropPrivileges} from '../../src/capture/privileges.js';
import {EXIT, LlreachError} from '../../src/errors.js';
import {dropRootAfterOpen} from '../../src/pipeline.js';

function failingDrop(syscall: string, errno: number, message: string) {
  return () => {
    throw Object.assign(new Error(message), {syscall, errno});
  };
}

describe('dropPrivileges', () => {
  it('does nothing when not running as root', () => {
    const nativeDrop = () => assert.fail('must not be called');
    assert.equal(dropPrivileges('nobody', {keepNetRaw: false, getuid: () => 1000, nativeDrop}), undefined);
  });

  it('keeps root for --user root', () => {
    const nativeDrop = () => assert.fail('must not be called');
    assert.equal(dropPrivileges('root', {keepNetRaw: true, getuid: () => 0, nativeDrop}), undefined);
  });

  it('passes the user and whether to keep CAP_NET_RAW to the native call, and reports the ids', () => {
    const calls: unknown[] = [];
    const nativeDrop = (user: string, keep: boolean) => {
      calls.push([user, keep]);
      return {uid: 65534, gid: 65534};
    };
    const dropped = dropPrivileges('nobody', {keepNetRaw: true, getuid: () => 0, nativeDrop});
    assert.deepEqual(calls, [['nobody', true]]);
    assert.deepEqual(dropped, {user: 'nobody', uid: 65534, gid: 65534, keptNetRaw: true});
  });

  it('refuses to go on as root when the installed cap has no drop call', () => {
    assert.throws(
      () => dropPrivileges('nobody', {keepNetRaw: false, getuid: () => 0, nativeDrop: null}),
      (error: LlreachError) => {
        assert.equal(error.code, 'PRIVILEGE_DROP_UNAVAILABLE');
        assert.equal(error.oclif.exit, EXIT.PERMISSION);
        assert.match(error.message, /refusing to keep capturing as root/);
        assert.ok(error.suggestions?.some((text) => text.includes('--user root')));
        return true;
      },
    );
  });

  it('names an unknown user as a usage error with a user to pick', () => {
    const nativeDrop = failingDrop('getpwnam', 2, 'getpwnam: No such file or directory');
    assert.throws(
      () => dropPrivileges('ghost', {keepNetRaw: false, getuid: () => 0, nativeDrop}),
      (error: LlreachError) => {
        assert.equal(error.code, 'NO_SUCH_USER');
        assert.equal(error.oclif.exit, EXIT.USAGE);
        assert.match(error.message, /no user named "ghost"/);
        assert.ok(error.suggestions?.some((text) => text.includes('--user nobody')));
        return true;
      },
    );
  });

  it('reports a failed system call as a permission error with its message', () => {
    const nativeDrop = failingDrop('setuid', 1, 'setuid: Operation not permitted');
    assert.throws(
      () => dropPrivileges('nobody', {keepNetRaw: true, getuid: () => 0, nativeDrop}),
      (error: LlreachError) => {
        assert.equal(error.code, 'PRIVILEGE_DROP_FAILED');
        assert.equal(error.oclif.exit, EXIT.PERMISSION);
        assert.match(error.message, /could not switch to user "nobody".*setuid: Operation not permitted/);
        return true;
      },
    );
  });

  it('finds the drop call in the installed, patched cap', () => {
    const cap = createRequire(import.meta.url)('cap') as {dropPrivileges?: unknown};
    assert.equal(typeof cap.dropPrivileges, 'function');
  });
});

describe('dropRootAfterOpen (--read started as root)', () => {
  const unavailable = () => {
    throw new LlreachError('PRIVILEGE_DROP_UNAVAILABLE', 'no patched cap', EXIT.PERMISSION);
  };

  it('reads on as root with a warning when the binding that switches users is missing', () => {
    const warnings = dropRootAfterOpen('nobody', unavailable)();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /read as root: switching to user "nobody" needs llreach's patched libpcap binding/);
  });

  it('stops on any other failure (an unknown user, a failed system call)', () => {
    const unknownUser = () => {
      throw new LlreachError('UNKNOWN_USER', 'no such user', EXIT.USAGE);
    };
    assert.throws(() => dropRootAfterOpen('nosuchuser', unknownUser)(), /no such user/);
  });
});

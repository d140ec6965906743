// LiveCapture pieces that need no capture: link type names, option checks, the interface watchdog.
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';

import {LINKTYPE} from '../../src/capture/frame.js';
import {LiveCapture, linkTypeFromCapName} from '../../src/capture/live.js';
import {LlreachError} from '../../src/errors.js';

describe('linkTypeFromCapName', () => {
  it("maps cap's names to LINKTYPE_* numbers", () => {
    assert.equal(linkTypeFromCapName('ETHERNET'), LINKTYPE.ETHERNET);
    assert.equal(linkTypeFromCapName('LINKTYPE_LINUX_SLL'), LINKTYPE.LINUX_SLL);
    assert.equal(linkTypeFromCapName('RAW'), LINKTYPE.RAW);
    assert.equal(linkTypeFromCapName('IEEE802_11_RADIO'), LINKTYPE.IEEE802_11_RADIOTAP);
    assert.equal(linkTypeFromCapName('NULL'), LINKTYPE.NULL);
  });

  it("reads the number out of cap's 'Unknown linktype N', and gives -1 for anything else", () => {
    assert.equal(linkTypeFromCapName('Unknown linktype 239'), 239);
    assert.equal(linkTypeFromCapName('something else'), -1);
  });
});

describe('LiveCapture.open option checks', () => {
  it('refuses a snaplen of 0 or a fractional buffer size as a usage error', () => {
    for (const options of [{snaplen: 0}, {snaplen: 300_000}, {bufferBytes: 1.5}]) {
      assert.throws(
        () => LiveCapture.open('lo', options),
        (error: unknown) => error instanceof LlreachError && error.code === 'BAD_OPTION' && error.oclif.exit === 2,
      );
    }
  });
});

describe('LiveCapture watching its interface', () => {
  /** Stands in for cap's handle: libpcap never reports anything, as when it swallowed the error. */
  class SilentCap extends EventEmitter {
    closed = false;
    close() {
      this.closed = true;
    }
  }

  it('stays quiet while the interface is there and up, and says it is lost when it no longer is', async () => {
    const cap = new SilentCap();
    const capture = new LiveCapture(cap as never, Buffer.alloc(64), 'lo', 1);
    const lost: LlreachError[] = [];
    capture.onLost((error) => lost.push(error));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.deepEqual(lost, [], 'lo is up');
    // What a deleted and recreated interface looks like: the same name under another index.
    (capture.iface as {ifindex?: number}).ifindex = 999_999;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.equal(lost.length, 1);
    assert.equal(lost[0]!.code, 'INTERFACE_LOST');
    assert.equal(cap.closed, true, 'the handle is closed');
    capture.close();
  });
});

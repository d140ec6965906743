// LiveCapture pieces that need no capture: link type names and option checks.
import assert from 'node:assert/strict';
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

// Test helpers for the decoders: frames from inline hex, a read guard, a minimal capture-file walker.
import {readFileSync} from 'node:fs';

/** Bytes from hex written with any spacing or ':' separators, e.g. '00:1b:63 0a0b0c'. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replaceAll(/[\s:]/g, ''), 'hex');
}

/** Ethernet header: dst, src, then the type fields (VLAN tags and ethertype) as hex. */
export function ether(dst: string, src: string, types: string): string {
  return `${dst} ${src} ${types}`;
}

/**
 * Writes the ICMPv6 checksum of the message at `icmpOffset` that ends at `end`, as its sender
 * would (RFC 4443 §2.3), for the IPv6 header at `ipOffset`. Returns the frame.
 */
export function fillIcmp6Checksum(frame: Buffer, ipOffset: number, icmpOffset: number, end: number): Buffer {
  frame.writeUInt16BE(0, icmpOffset + 2);
  const words = (from: number, to: number) => {
    let sum = 0;
    for (let at = from; at < to; at += 2) sum += (frame[at]! << 8) + (at + 1 < to ? frame[at + 1]! : 0);
    return sum;
  };
  let sum = words(ipOffset + 8, ipOffset + 40) + (end - icmpOffset) + 58 + words(icmpOffset, end);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  frame.writeUInt16BE(~sum & 0xffff, icmpOffset + 2);
  return frame;
}

export const MAC_A = '00:1b:63:0a:0b:0c';
export const MAC_B = '02:00:5e:10:00:01';
export const MAC_A_NUM = 0x00_1b_63_0a_0b_0c;
export const MAC_B_NUM = 0x02_00_5e_10_00_01;

/**
 * Wraps `buf` so that every byte index or Buffer method reaching at or past its end is recorded
 * in `overreads` (typed arrays return undefined there instead of failing, which would hide it).
 */
export function guardReads(buf: Buffer): {data: Buffer; overreads: string[]} {
  const overreads: string[] = [];
  const data = new Proxy(buf, {
    get(target, prop) {
      if (typeof prop === 'string' && /^\d+$/.test(prop) && Number(prop) >= target.length) {
        overreads.push(`[${prop}] of ${target.length}`);
      }

      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const end = prop === 'toString' ? args[2] : undefined;
        if (typeof end === 'number' && end > target.length)
          overreads.push(`${String(prop)} to ${end} of ${target.length}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {data, overreads};
}

export interface CapturedFrame {
  linkType: number;
  data: Buffer;
  /** Length on the wire (the enhanced or simple block's, or the pcap record's). */
  origLen: number;
}

/** Frames of a pcap file (either byte order, micro- or nanosecond magic). */
function readPcap(file: Buffer): CapturedFrame[] {
  const little = file.readUInt32LE(0) === 0xa1_b2_c3_d4 || file.readUInt32LE(0) === 0xa1_b2_3c_4d;
  const u32 = (at: number) => (little ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const linkType = u32(20) & 0x0f_ff_ff_ff;
  const frames: CapturedFrame[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const capLen = u32(at + 8);
    const data = file.subarray(at + 16, Math.min(at + 16 + capLen, file.length));
    frames.push({linkType, data, origLen: u32(at + 12)});
    at += 16 + capLen;
  }

  return frames;
}

/** Frames of a pcapng file: interface link types per section, enhanced and simple packet blocks. */
function readPcapng(file: Buffer): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  let little = true;
  let linkTypes: number[] = [];
  for (let at = 0; at + 12 <= file.length;) {
    if (file.readUInt32LE(at) === 0x0a_0d_0d_0a) {
      little = file.readUInt32LE(at + 8) === 0x1a_2b_3c_4d;
      linkTypes = [];
    }

    const u32 = (off: number) => (little ? file.readUInt32LE(off) : file.readUInt32BE(off));
    const u16 = (off: number) => (little ? file.readUInt16LE(off) : file.readUInt16BE(off));
    const [type, length] = [u32(at), u32(at + 4)];
    if (type === 1) linkTypes.push(u16(at + 8));
    if (type === 6)
      frames.push({
        linkType: linkTypes[u32(at + 8)],
        data: file.subarray(at + 28, at + 28 + u32(at + 20)),
        origLen: u32(at + 24),
      });
    if (type === 3) {
      const data = file.subarray(at + 12, Math.min(at + 12 + u32(at + 8), at + length - 4));
      frames.push({linkType: linkTypes[0], data, origLen: u32(at + 8)});
    }
    at += Math.max(length, 12);
  }

  return frames;
}

/** Every frame of a corpus capture file. */
export function readCaptureFile(path: string): CapturedFrame[] {
  const file = readFileSync(path);
  return file.readUInt32LE(0) === 0x0a_0d_0d_0a ? readPcapng(file) : readPcap(file);
}

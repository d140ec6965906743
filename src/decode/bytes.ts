// Big-endian integer reads for the decoders; callers check the bounds first, so these never do.

/** The unsigned 16-bit big-endian value at `offset`. */
export function readU16(buf: Buffer, offset: number): number {
  return (buf[offset] << 8) | buf[offset + 1];
}

/** True when the 16 bytes at `a` equal the 16 bytes at `b` (two IPv6 addresses in one frame). */
export function equalBytes16(buf: Buffer, a: number, b: number): boolean {
  for (let i = 0; i < 16; i++) {
    if (buf[a + i] !== buf[b + i]) return false;
  }
  return true;
}

// A sliding window over capture-file bytes: a file read in bounded chunks, or bytes already in memory.

/** No single pcap record or pcapng block may be larger than this; anything bigger is garbage. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Default chunk size for file reads: large enough to amortise the read calls, small enough to stay cache-friendly. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** Reads up to `length` bytes into `into` at `offset`; returns how many arrived (0 at the end of the input). */
export type ReadInto = (into: Buffer, offset: number, length: number) => number;

/**
 * The readers parse straight out of `buf` between `pos` and `end`. `ensure(n)` makes `n` bytes
 * available at `pos`, moving the unread tail to the front and reading more when needed, so any
 * subarray handed out earlier is only valid until the next `ensure`.
 */
export class ByteWindow {
  buf: Buffer;
  /** First unread byte in `buf`. */
  pos = 0;
  /** One past the last valid byte in `buf`. */
  end: number;
  /** Offset in the input of `buf[0]`, for messages that name a byte position. */
  private base = 0;
  private exhausted: boolean;

  private constructor(
    buf: Buffer,
    end: number,
    private readonly totalBytes: number,
    private readonly readInto: ReadInto | undefined,
  ) {
    this.buf = buf;
    this.end = end;
    this.exhausted = readInto === undefined;
  }

  /** A window over bytes already in memory: nothing is copied or read. */
  static overBytes(bytes: Buffer): ByteWindow {
    return new ByteWindow(bytes, bytes.length, bytes.length, undefined);
  }

  /** A window pulling `totalBytes` (Infinity if unknown, as for a pipe) from `readInto`, `chunkBytes` at a time. */
  static overReader(readInto: ReadInto, totalBytes: number, chunkBytes: number): ByteWindow {
    return new ByteWindow(Buffer.allocUnsafe(Math.max(chunkBytes, 1)), 0, totalBytes, readInto);
  }

  /** Offset in the whole input of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Bytes left from `pos` on: exact once the input is exhausted, else per the size known at open. */
  get remainingBytes(): number {
    const inWindow = this.end - this.pos;
    return this.exhausted ? inWindow : Math.max(this.totalBytes - this.offset, inWindow);
  }

  /** True when `n` bytes are available at `pos`; the caller must bound `n` (MAX_RECORD_BYTES). */
  ensure(n: number): boolean {
    return this.end - this.pos >= n || this.refill(n);
  }

  /** Moves past `n` bytes the caller has made available with ensure. */
  skip(n: number): void {
    this.pos += n;
  }

  private refill(n: number): boolean {
    if (this.exhausted) return false;
    if (n > this.buf.length) this.grow(n);
    else this.compact();
    while (this.end - this.pos < n) {
      const got = this.readInto!(this.buf, this.end, this.buf.length - this.end);
      if (got === 0) {
        this.exhausted = true;
        return false;
      }
      this.end += got;
    }
    return true;
  }

  private compact(): void {
    if (this.pos === 0) return;
    this.buf.copyWithin(0, this.pos, this.end);
    this.base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
  }

  private grow(n: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(n, Math.min(this.buf.length * 2, MAX_RECORD_BYTES)));
    this.buf.copy(bigger, 0, this.pos, this.end);
    this.base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
    this.buf = bigger;
  }
}

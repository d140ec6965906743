// The kernel's randomised reachable time (spec §3.1, the ND_COMPUTE_RTIME formula), in whole seconds.

const MIN_RANDOM_FACTOR = 512; // 1024 × 0.5 (nd6.h)
const MAX_RANDOM_FACTOR = 1536; // 1024 × 1.5 (nd6.h)
const TWO_POW_32 = 2 ** 32;

/**
 * lr_reachable for a record created with `baseSeconds` and the random word `random32`.
 * The base is first taken as an unsigned 32-bit number and multiplied by 1000 in 32-bit
 * arithmetic (so 4,294,968 wraps to 704 ms, E4); the random term is the word ANDed with a mask
 * that is not contiguous, which is why base 30 gives 16 scattered values (E1), not a range.
 */
export function computeReachableSeconds(baseSeconds: number, random32: number): number {
  const baseU32 = baseSeconds >>> 0;
  const millis = (baseU32 * 1000) % TWO_POW_32; // exact: the product stays below 2^53
  const q = Math.floor(millis / 1024); // the kernel shifts right by 10, not divides by 1000
  const mask = ((MAX_RANDOM_FACTOR - MIN_RANDOM_FACTOR) * q) >>> 0;
  const randomTerm = (random32 & mask) >>> 0;
  return Math.floor((MIN_RANDOM_FACTOR * q + randomTerm) / 1000);
}

/** Every value computeReachableSeconds can return for a base (used by tests and docs). */
export function possibleReachableSeconds(baseSeconds: number): number[] {
  const millis = ((baseSeconds >>> 0) * 1000) % TWO_POW_32;
  const mask = ((MAX_RANDOM_FACTOR - MIN_RANDOM_FACTOR) * Math.floor(millis / 1024)) >>> 0;
  const values = new Set<number>();
  // Enumerate the sub-masks of `mask`: the random term can only take those values.
  for (let sub = mask; ; sub = (sub - 1) & mask) {
    values.add(computeReachableSeconds(baseSeconds, sub >>> 0));
    if (sub === 0) break;
  }
  return [...values].sort((a, b) => a - b);
}

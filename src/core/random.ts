// Seedable 32-bit random words for the reachable-time formula (spec §3.1), so replays and tests are repeatable.

/** A source of uniformly distributed unsigned 32-bit words. */
export type Random32 = () => number;

/**
 * A small, fast generator (a 32-bit xorshift-multiply mixer over a Weyl sequence). Quality only
 * needs to be good enough to spread the handful of low bits the formula masks with.
 */
export function seededRandom32(seed: number): Random32 {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seed for runs without --seed, taken from the operating system's random source. */
export function freshSeed(randomBytes: (size: number) => Buffer): number {
  return randomBytes(4).readUInt32BE(0);
}

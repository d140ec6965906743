// Exact conversion of pcapng's 64-bit timestamps (if_tsresol units, if_tsoffset shift) to seconds + nanoseconds.
import type {Frame} from './frame.js';

type FrameTime = Pick<Frame, 'tsSec' | 'tsNsec'>;

/** How one pcapng interface counts time. */
export interface TimestampUnit {
  /** Units per second as a number (exact for the decimal resolutions 10^0..10^9). */
  perSecond: number;
  /** Nanoseconds per unit for decimal resolutions up to 10^9; 0 means "use the BigInt path". */
  nsPerUnit: number;
  /** Units per second as a BigInt, for the exotic resolutions (2^k, 10^10 and finer). */
  perSecondBig: bigint;
  /** if_tsoffset: whole seconds added to every timestamp of the interface. */
  offsetSec: number;
}

/** Timestamps below 2^52 units are exact as doubles, and so is seconds × unitsPerSecond. */
const FAST_HIGH_WORD_LIMIT = 2 ** 20;
const TWO_32 = 2 ** 32;

/**
 * The unit for an if_tsresol byte (undefined when the option is absent: microseconds). The high bit
 * selects a power of 2, otherwise a power of 10; the low 7 bits are the negative exponent.
 */
export function describeTimestampUnit(tsresol: number | undefined, offsetSec: number): TimestampUnit {
  const resol = tsresol ?? 6;
  const exponent = resol & 0x7f;
  const binary = (resol & 0x80) !== 0;
  const perSecondBig = binary ? 2n ** BigInt(exponent) : 10n ** BigInt(exponent);
  const decimalFast = !binary && exponent <= 9;
  return {
    perSecond: Number(perSecondBig),
    nsPerUnit: decimalFast ? 10 ** (9 - exponent) : 0,
    perSecondBig,
    offsetSec,
  };
}

/** Sets frame.tsSec/tsNsec from the timestamp's high and low 32-bit words, exactly (no rounding). */
export function setPcapngTimestamp(frame: FrameTime, unit: TimestampUnit, high: number, low: number): void {
  if (unit.nsPerUnit === 0) setTimestampBig(frame, unit, high, low);
  else if (high < FAST_HIGH_WORD_LIMIT) setTimestampFast(frame, unit, high * TWO_32 + low);
  else setTimestampLongDivision(frame, unit, high, low);
}

/** Microsecond timestamps of this century: the whole value fits a double's 53-bit mantissa. */
function setTimestampFast(frame: FrameTime, unit: TimestampUnit, units: number): void {
  const perSecond = unit.perSecond;
  let sec = Math.floor(units / perSecond);
  let rest = units - sec * perSecond;
  // The rounded quotient can be one off when units/perSecond lies just below a whole number.
  if (rest < 0) {
    sec -= 1;
    rest += perSecond;
  } else if (rest >= perSecond) {
    sec += 1;
    rest -= perSecond;
  }
  frame.tsSec = sec + unit.offsetSec;
  frame.tsNsec = rest * unit.nsPerUnit;
}

/**
 * Nanosecond timestamps (about 1.7e18 today) exceed 2^53, so divide the 64-bit value by
 * perSecond (≤ 1e9) 16 bits at a time: every partial value stays below 2^46 and is exact.
 */
function setTimestampLongDivision(frame: FrameTime, unit: TimestampUnit, high: number, low: number): void {
  const perSecond = unit.perSecond;
  division.rest = 0;
  let sec = divideDigit(0, high >>> 16, perSecond);
  sec = divideDigit(sec, high & 0xff_ff, perSecond);
  sec = divideDigit(sec, low >>> 16, perSecond);
  sec = divideDigit(sec, low & 0xff_ff, perSecond);
  frame.tsSec = sec + unit.offsetSec;
  frame.tsNsec = division.rest * unit.nsPerUnit;
}

/** The running remainder of divideDigit (module scratch, so the hot path allocates nothing). */
const division = {rest: 0};

/** One step of schoolbook division in base 2^16: returns the quotient so far, keeps the remainder. */
function divideDigit(quotientSoFar: number, digit: number, divisor: number): number {
  const partial = division.rest * 65_536 + digit;
  const quotient = Math.floor(partial / divisor);
  division.rest = partial - quotient * divisor;
  return quotientSoFar * 65_536 + quotient;
}

/** Power-of-2 and sub-nanosecond resolutions: rare, so plain BigInt arithmetic. */
function setTimestampBig(frame: FrameTime, unit: TimestampUnit, high: number, low: number): void {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = unit.perSecondBig;
  frame.tsSec = Number(units / perSecond) + unit.offsetSec;
  frame.tsNsec = Number(((units % perSecond) * 1_000_000_000n) / perSecond);
}

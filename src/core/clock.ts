// The model's clock: uptime and calendar seconds derived from frame timestamps (spec §1.1, Appendix A).

/** The last second of year 9999: later times cannot be printed as dates. */
const LAST_PRINTABLE_SEC = 253_402_300_799;

/**
 * A frame time the clock can take: from the epoch to the end of year 9999. A corrupt pcapng time
 * offset or resolution gives times outside it, which would turn every expiry into nonsense.
 */
export function isPlausibleTime(calendarSec: number): boolean {
  return Number.isFinite(calendarSec) && calendarSec >= 0 && calendarSec <= LAST_PRINTABLE_SEC;
}

/**
 * Uptime starts at 1 on the first frame (uptime 0 would mean "never" in lastrcvd, spec E23) and
 * both clocks only move forward: a frame stamped earlier than the last one never moves them back.
 */
export class FrameClock {
  private firstCalendarSec = -1;
  private lastCalendarSec = 0;

  /** True once a time has been seen. */
  get started(): boolean {
    return this.firstCalendarSec >= 0;
  }

  /** Current uptime seconds (0 before the first frame). */
  get uptimeSec(): number {
    return this.started ? this.lastCalendarSec - this.firstCalendarSec + 1 : 0;
  }

  /** Current calendar seconds since the Unix epoch (0 before the first frame). */
  get calendarSec(): number {
    return this.lastCalendarSec;
  }

  /** Moves the clock to a frame's whole-second timestamp, never backwards. */
  advanceTo(calendarSec: number): void {
    if (!this.started) {
      this.firstCalendarSec = calendarSec;
      this.lastCalendarSec = calendarSec;
    } else if (calendarSec > this.lastCalendarSec) {
      this.lastCalendarSec = calendarSec;
    }
  }
}

/**
 * The kiosk-wide brake on PIN guessing (issue 12), kept in memory (the per-staff lock is what
 * survives a restart):
 * - per staff number: after 2 wrong PINs for one number, that number waits 1 s, 2 s, 4 s … (at
 *   most 30 s) before the next try is even checked. Other numbers are not slowed by it.
 * - kiosk-wide: every wrong PIN in the last minute adds 100 ms before any PIN is checked, capped
 *   at GLOBAL_DELAY_CAP_MS — a student typing for minutes slows every guess, and a supervisor
 *   approving a void after that waits at most this cap.
 */
export const GLOBAL_DELAY_CAP_MS = 1_500;
const GLOBAL_WINDOW_MS = 60_000;
const GLOBAL_STEP_MS = 100;
const FREE_TRIES = 2;
const NUMBER_DELAY_CAP_MS = 30_000;
/** Unknown numbers typed by a guesser are remembered too, but not without bound. */
const MAX_TRACKED_NUMBERS = 1_000;

export class PinThrottle {
  private readonly byNumber = new Map<string, { failures: number; nextAt: number }>();
  private recentFailures: number[] = [];

  constructor(private readonly now: () => number) {}

  /** How long every PIN check waits now (ms), from the recent wrong PINs on this kiosk. */
  globalDelay(): number {
    const since = this.now() - GLOBAL_WINDOW_MS;
    this.recentFailures = this.recentFailures.filter((at) => at > since);
    return Math.min(GLOBAL_DELAY_CAP_MS, this.recentFailures.length * GLOBAL_STEP_MS);
  }

  /** Ms until this staff number may try again (0: now). */
  waitFor(staffNo: string): number {
    const entry = this.byNumber.get(staffNo);
    return entry ? Math.max(0, entry.nextAt - this.now()) : 0;
  }

  /** Wrong PINs in a row for this number (for numbers that have no staff row). */
  failures(staffNo: string): number {
    return this.byNumber.get(staffNo)?.failures ?? 0;
  }

  failed(staffNo: string): void {
    const at = this.now();
    this.recentFailures.push(at);
    const failures = (this.byNumber.get(staffNo)?.failures ?? 0) + 1;
    const delay = failures <= FREE_TRIES ? 0 : Math.min(NUMBER_DELAY_CAP_MS, 1000 * 2 ** (failures - FREE_TRIES - 1));
    this.byNumber.delete(staffNo);
    this.byNumber.set(staffNo, { failures, nextAt: at + delay });
    if (this.byNumber.size > MAX_TRACKED_NUMBERS) this.byNumber.delete(this.byNumber.keys().next().value as string);
  }

  succeeded(staffNo: string): void {
    this.byNumber.delete(staffNo);
  }

  /** An admin or supervisor unlocked this person: their number is not slowed any more. */
  clear(staffNo: string): void {
    this.byNumber.delete(staffNo);
  }
}

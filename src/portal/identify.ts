import type { PortalContext } from './context';
import type { Members } from './members';
import { PortalProblem } from './problem';
import { iso } from './util';
import type { Member } from '../shared/portal-api/types';

/**
 * Member number + birthdate. A birthdate is only ~36,500 guesses, so wrong ones are counted per
 * member number (committed before the refusal): the `maxWrongBirthdates`-th wrong one within
 * `windowMs` of the first locks the number for `windowMs`, and while locked even the right
 * birthdate gets 429 `identify_locked`. A right birthdate before that, or a window that has
 * passed, starts the count again.
 */
export class Identification {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
  ) {}

  identifyMember(memberNo: string, birthDate: string): Member {
    const row = this.members.memberRow(memberNo);
    const { maxWrongBirthdates, windowMs } = this.ctx.limits.identify;
    const now = this.ctx.now();
    const state = this.ctx.sql('SELECT failures, first_failed_at, locked_until FROM identify_failures WHERE member_no = ?').get(memberNo) as
      | { failures: number; first_failed_at: number; locked_until: number | null }
      | undefined;
    if (state && state.locked_until !== null && state.locked_until > now) throw this.identifyLocked(state.locked_until, now);
    if (row.birth_date === birthDate) {
      if (state) this.ctx.sql('DELETE FROM identify_failures WHERE member_no = ?').run(memberNo);
      return this.members.toMember(row, true);
    }
    // An ended lock or a passed window counts from zero again.
    const counting = state && state.locked_until === null && state.first_failed_at + windowMs > now ? state : undefined;
    const failures = (counting?.failures ?? 0) + 1;
    const lockedUntil = failures >= maxWrongBirthdates ? now + windowMs : null;
    this.ctx
      .sql(
        `INSERT INTO identify_failures (member_no, failures, first_failed_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (member_no) DO UPDATE SET failures = excluded.failures, first_failed_at = excluded.first_failed_at, locked_until = excluded.locked_until`,
      )
      .run(memberNo, failures, counting?.first_failed_at ?? now, lockedUntil);
    if (lockedUntil !== null) throw this.identifyLocked(lockedUntil, now);
    throw new PortalProblem('birthdate_mismatch', undefined, { details: { attemptsRemaining: maxWrongBirthdates - failures } });
  }

  private identifyLocked(lockedUntil: number, now: number): PortalProblem {
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
    return new PortalProblem('identify_locked', undefined, {
      retryAfterSeconds,
      details: { retryAfterSeconds, lockedUntil: iso(lockedUntil), maxWrongBirthdates: this.ctx.limits.identify.maxWrongBirthdates },
    });
  }
}

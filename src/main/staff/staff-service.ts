import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { StaffMember, StaffRole, StaffSession } from '../../shared/kiosk-api';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from './audit';
import { hashPin, verifyPin } from './pin-hash';

/** Wrong PINs in a row before the PIN pad locks (DESIGN.md §3.6, issue 2). */
export const MAX_PIN_ATTEMPTS = 5;

const ROLE_RANK: Record<StaffRole, number> = { cashier: 1, supervisor: 2, admin: 3 };

export interface StaffServiceOptions {
  db: SqliteDatabase;
  now: () => number;
  lockoutSeconds: number;
  /** Seconds of inactivity before a staff session ends (a function: the admin setting in force at each sign-in or touch). */
  idleSeconds: number | (() => number);
  onSessionChange: (session: StaffSession | null) => void;
}

/**
 * Staff sign-in by PIN alone (the PIN identifies the staff member), a kiosk-wide lockout after
 * five wrong PINs that survives a restart, and one staff session that signs itself out after
 * a quiet spell. Sign-ins are serialised so parallel guesses cannot slip past the counter.
 */
export class StaffService {
  private session: StaffSession | null = null;
  private expiryTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: StaffServiceOptions) {}

  async addStaff(input: { displayName: string; role: StaffRole; pin: string; id?: string }): Promise<StaffMember> {
    const id = input.id ?? randomUUID();
    const pinHash = await hashPin(input.pin);
    this.options.db
      .prepare('INSERT INTO staff (id, display_name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)')
      .run(id, input.displayName, input.role, pinHash, this.options.now());
    return { id, displayName: input.displayName, role: input.role };
  }

  countStaff(): number {
    return (this.options.db.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
  }

  signIn(pin: string): Promise<StaffSession> {
    const attempt = this.queue.then(() => this.trySignIn(pin));
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private async trySignIn(pin: string): Promise<StaffSession> {
    const { db, now, lockoutSeconds } = this.options;
    const lock = db.prepare('SELECT failed_attempts AS failed, locked_until AS lockedUntil FROM pin_lockout WHERE id = 1').get() as {
      failed: number;
      lockedUntil: number | null;
    };
    if (lock.lockedUntil !== null && lock.lockedUntil > now()) {
      throw lockedError(lock.lockedUntil, now());
    }
    const candidates = db.prepare('SELECT id, display_name AS displayName, role, pin_hash AS pinHash FROM staff WHERE active = 1').all() as Array<
      StaffMember & { pinHash: string }
    >;
    let match: StaffMember | undefined;
    for (const candidate of candidates) {
      if (await verifyPin(pin, candidate.pinHash)) {
        match = { id: candidate.id, displayName: candidate.displayName, role: candidate.role };
        break;
      }
    }
    const at = now();
    if (!match) {
      // A lock that has run out starts a fresh count.
      const failed = (lock.lockedUntil !== null ? 0 : lock.failed) + 1;
      const lockedUntil = failed >= MAX_PIN_ATTEMPTS ? at + lockoutSeconds * 1000 : null;
      db.transaction(() => {
        db.prepare('UPDATE pin_lockout SET failed_attempts = ?, locked_until = ? WHERE id = 1').run(lockedUntil ? 0 : failed, lockedUntil);
        appendAudit(db, { at, staffId: null, action: lockedUntil ? 'staff.pin_locked' : 'staff.pin_wrong', detail: { attempt: failed } });
      })();
      if (lockedUntil) throw lockedError(lockedUntil, at);
      throw new KioskError('pin_wrong', 'The PIN is not right.', { attemptsLeft: MAX_PIN_ATTEMPTS - failed });
    }
    db.transaction(() => {
      db.prepare('UPDATE pin_lockout SET failed_attempts = 0, locked_until = NULL WHERE id = 1').run();
      appendAudit(db, { at, staffId: match.id, action: 'staff.sign_in', detail: { role: match.role } });
    })();
    this.setSession({ staff: match, signedInAt: at, expiresAt: at + this.idleMs() });
    return this.session as StaffSession;
  }

  /**
   * A supervisor's approval at the counter (e.g. a void): checks that `pin` belongs to an active
   * supervisor or admin WITHOUT changing the signed-in staff member. Wrong PINs count towards
   * the same lockout as sign-ins; a cashier's PIN is refused as `supervisor_required`.
   */
  verifySupervisor(pin: string, action: string): Promise<StaffMember> {
    const attempt = this.queue.then(async () => {
      const { db, now } = this.options;
      const lock = db.prepare('SELECT locked_until AS lockedUntil FROM pin_lockout WHERE id = 1').get() as { lockedUntil: number | null };
      if (lock.lockedUntil !== null && lock.lockedUntil > now()) throw lockedError(lock.lockedUntil, now());
      const candidates = db.prepare('SELECT id, display_name AS displayName, role, pin_hash AS pinHash FROM staff WHERE active = 1').all() as Array<
        StaffMember & { pinHash: string }
      >;
      for (const candidate of candidates) {
        if (!(await verifyPin(pin, candidate.pinHash))) continue;
        const member: StaffMember = { id: candidate.id, displayName: candidate.displayName, role: candidate.role };
        if (ROLE_RANK[member.role] < ROLE_RANK.supervisor) {
          throw new KioskError('supervisor_required', 'That PIN is not a supervisor’s.', { required: 'supervisor' });
        }
        appendAudit(db, { at: now(), staffId: member.id, action: 'staff.supervisor_approval', detail: { action, forStaffId: this.session?.staff.id ?? null } });
        return member;
      }
      // Same counter as a wrong sign-in PIN, so approvals cannot be used to guess PINs.
      return this.trySignInFailure(lock.lockedUntil);
    });
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private trySignInFailure(previousLock: number | null): never {
    const { db, now, lockoutSeconds } = this.options;
    const { failed: stored } = db.prepare('SELECT failed_attempts AS failed FROM pin_lockout WHERE id = 1').get() as { failed: number };
    const at = now();
    const failed = (previousLock !== null ? 0 : stored) + 1;
    const lockedUntil = failed >= MAX_PIN_ATTEMPTS ? at + lockoutSeconds * 1000 : null;
    db.transaction(() => {
      db.prepare('UPDATE pin_lockout SET failed_attempts = ?, locked_until = ? WHERE id = 1').run(lockedUntil ? 0 : failed, lockedUntil);
      appendAudit(db, { at, staffId: this.session?.staff.id ?? null, action: lockedUntil ? 'staff.pin_locked' : 'staff.supervisor_pin_wrong', detail: { attempt: failed } });
    })();
    if (lockedUntil) throw lockedError(lockedUntil, at);
    throw new KioskError('pin_wrong', 'The PIN is not right.', { attemptsLeft: MAX_PIN_ATTEMPTS - failed });
  }

  signOut(reason: 'manual' | 'idle' = 'manual'): void {
    if (!this.session) return;
    appendAudit(this.options.db, {
      at: this.options.now(),
      staffId: this.session.staff.id,
      action: reason === 'idle' ? 'staff.auto_sign_out' : 'staff.sign_out',
    });
    this.setSession(null);
  }

  current(): StaffSession | null {
    if (this.session && this.session.expiresAt <= this.options.now()) this.signOut('idle');
    return this.session;
  }

  /** Checks the session and role for a privileged call, and pushes the auto sign-out back. */
  private idleMs(): number {
    const { idleSeconds } = this.options;
    return (typeof idleSeconds === 'function' ? idleSeconds() : idleSeconds) * 1000;
  }

  require(role: StaffRole = 'cashier'): StaffSession {
    const session = this.current();
    if (!session) throw new KioskError('not_signed_in', 'Staff sign-in is needed for this.');
    if (ROLE_RANK[session.staff.role] < ROLE_RANK[role]) {
      throw new KioskError('forbidden', `This needs the ${role} role.`, { required: role, actual: session.staff.role });
    }
    this.setSession({ ...session, expiresAt: this.options.now() + this.idleMs() });
    return this.session as StaffSession;
  }

  dispose(): void {
    clearTimeout(this.expiryTimer);
  }

  private setSession(session: StaffSession | null): void {
    const changed = (this.session === null) !== (session === null) || this.session?.staff.id !== session?.staff.id;
    this.session = session;
    clearTimeout(this.expiryTimer);
    if (session) {
      this.expiryTimer = setTimeout(() => this.current(), Math.max(0, session.expiresAt - this.options.now()) + 10);
      this.expiryTimer.unref();
    }
    if (changed) this.options.onSessionChange(session);
  }
}

function lockedError(lockedUntil: number, now: number): KioskError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new KioskError('pin_locked', `Too many wrong PINs: the PIN pad is locked for ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

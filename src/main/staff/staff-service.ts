import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { StaffMember, StaffRole, StaffSession } from '../../shared/kiosk-api';
import type { Approval } from '../../shared/api/staff';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from './audit';
import { hashPin, verifyPin } from './pin-hash';
import { checkPinChoice, pinRule } from './pin-rules';
import { PinThrottle } from './pin-throttle';

/** Wrong PINs in a row before THAT staff member is locked (DESIGN.md §3.6, issue 12). */
export const MAX_PIN_ATTEMPTS = 5;

export const ROLE_RANK: Record<StaffRole, number> = { cashier: 1, supervisor: 2, admin: 3 };

export interface StaffServiceOptions {
  db: SqliteDatabase;
  now: () => number;
  lockoutSeconds: number;
  /** Seconds of inactivity before a staff session ends (a function: the admin setting in force at each sign-in or touch). */
  idleSeconds: number | (() => number);
  onSessionChange: (session: StaffSession | null) => void;
  /** Waits `ms` (the kiosk-wide guessing brake); tests inject one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
}

interface StaffRow {
  id: string;
  staffNo: string;
  displayName: string;
  role: StaffRole;
  pinHash: string;
  failedPins: number;
  lockedUntil: number | null;
  mustChangePin: 0 | 1;
}

const STAFF_COLUMNS =
  'id, staff_no AS staffNo, display_name AS displayName, role, pin_hash AS pinHash, failed_pins AS failedPins, locked_until AS lockedUntil, must_change_pin AS mustChangePin';

/** A hash no PIN matches, checked for unknown staff numbers so they take as long as known ones. */
let decoyHash: Promise<string> | null = null;

/**
 * Staff identity (staff number + PIN), the per-staff lockout with a kiosk-wide brake, one staff
 * session that signs itself out after a quiet spell, and one-shot approvals by another staff
 * member that never touch the session. PIN checks of one staff number are serialised so parallel
 * guesses cannot slip past the count.
 */
export class StaffService {
  private session: StaffSession | null = null;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();
  readonly throttle: PinThrottle;

  constructor(private readonly options: StaffServiceOptions) {
    this.throttle = new PinThrottle(options.now);
  }

  async addStaff(input: { staffNo: string; displayName: string; role: StaffRole; pin: string; id?: string; mustChangePin?: boolean }): Promise<StaffMember> {
    const id = input.id ?? randomUUID();
    const pinHash = await hashPin(input.pin);
    const at = this.options.now();
    this.options.db
      .prepare('INSERT INTO staff (id, staff_no, display_name, role, pin_hash, active, created_at, updated_at, must_change_pin) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)')
      .run(id, input.staffNo, input.displayName, input.role, pinHash, at, at, input.mustChangePin ? 1 : 0);
    return { id, displayName: input.displayName, role: input.role };
  }

  countStaff(): number {
    return (this.options.db.prepare('SELECT count(*) AS n FROM staff WHERE active = 1').get() as { n: number }).n;
  }

  /** Sign-in: the staff number says who, the PIN proves it. */
  async signIn(staffNo: string, pin: string): Promise<StaffSession> {
    const row = await this.checkCredential(staffNo, pin, null);
    const at = this.options.now();
    const staff = memberOf(row);
    appendAudit(this.options.db, { at, staffId: staff.id, action: 'staff.sign_in', detail: { role: staff.role, mustChangePin: row.mustChangePin === 1 } });
    this.setSession({ staff, signedInAt: at, expiresAt: at + this.idleMs(), mustChangePin: row.mustChangePin === 1 });
    return this.session as StaffSession;
  }

  /**
   * A one-shot authorisation of `action` by the staff member of `approval`, who must have at least
   * `minimumRole`: returns that staff member and audits the approval with the signed-in staff
   * member beside it. The session stays exactly as it was, whatever the outcome.
   */
  async authorise(approval: Approval, minimumRole: Exclude<StaffRole, 'cashier'>, action: string): Promise<StaffMember> {
    const forStaffId = this.session?.staff.id ?? null;
    const row = await this.checkCredential(approval.staffNo, approval.pin, forStaffId);
    if (row.mustChangePin === 1) throw new KioskError('pin_change_required', 'This staff member must set a new PIN (sign in) before approving.');
    const approver = memberOf(row);
    if (ROLE_RANK[approver.role] < ROLE_RANK[minimumRole]) {
      throw minimumRole === 'supervisor'
        ? new KioskError('supervisor_required', 'That staff member is not a supervisor.', { required: 'supervisor' })
        : new KioskError('forbidden', `This needs the ${minimumRole} role.`, { required: minimumRole, actual: approver.role });
    }
    appendAudit(this.options.db, { at: this.options.now(), staffId: approver.id, action: 'staff.approval', detail: { action, approverId: approver.id, forStaffId } });
    return approver;
  }

  /**
   * Who approves `action` for the signed-in staff member: the `approval`'s staff member when one
   * is given, else the signed-in one if their role suffices, else `supervisor_required`.
   */
  async approver(approval: Approval | undefined, minimumRole: Exclude<StaffRole, 'cashier'>, action: string): Promise<StaffMember> {
    const session = this.require('cashier');
    if (approval) return this.authorise(approval, minimumRole, action);
    if (ROLE_RANK[session.staff.role] >= ROLE_RANK[minimumRole]) return session.staff;
    throw minimumRole === 'supervisor'
      ? new KioskError('supervisor_required', 'A supervisor must approve this.', { required: 'supervisor' })
      : new KioskError('forbidden', `This needs the ${minimumRole} role.`, { required: minimumRole, actual: session.staff.role });
  }

  /** The signed-in staff member sets a new PIN (also the one a reset made them choose). */
  async changeOwnPin(currentPin: string, newPin: string): Promise<StaffSession> {
    const session = this.require('cashier', { allowPinChange: true });
    const { db, now } = this.options;
    const staffNo = (db.prepare('SELECT staff_no AS staffNo FROM staff WHERE id = ?').get(session.staff.id) as { staffNo: string }).staffNo;
    checkPinChoice(newPin, staffNo);
    if (newPin === currentPin) throw pinRule('same_as_current', 'Choose a PIN other than the current one.');
    await this.checkCredential(staffNo, currentPin, session.staff.id);
    const pinHash = await hashPin(newPin);
    db.transaction(() => {
      db.prepare('UPDATE staff SET pin_hash = ?, must_change_pin = 0, updated_at = ? WHERE id = ?').run(pinHash, now(), session.staff.id);
      appendAudit(db, { at: now(), staffId: session.staff.id, action: 'staff.pin_changed', detail: { staffId: session.staff.id, byStaffId: session.staff.id } });
    })();
    this.setSession({ ...session, mustChangePin: false, expiresAt: now() + this.idleMs() });
    return this.session as StaffSession;
  }

  signOut(reason: 'manual' | 'idle' | 'deactivated' = 'manual'): void {
    if (!this.session) return;
    appendAudit(this.options.db, {
      at: this.options.now(),
      staffId: this.session.staff.id,
      action: reason === 'idle' ? 'staff.auto_sign_out' : 'staff.sign_out',
      ...(reason === 'deactivated' ? { detail: { reason } } : {}),
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

  require(role: StaffRole = 'cashier', options: { allowPinChange?: boolean } = {}): StaffSession {
    const session = this.current();
    if (!session) throw new KioskError('not_signed_in', 'Staff sign-in is needed for this.');
    if (session.mustChangePin && !options.allowPinChange) throw new KioskError('pin_change_required', 'Set a new PIN first.');
    if (ROLE_RANK[session.staff.role] < ROLE_RANK[role]) {
      throw new KioskError('forbidden', `This needs the ${role} role.`, { required: role, actual: session.staff.role });
    }
    this.setSession({ ...session, expiresAt: this.options.now() + this.idleMs() });
    return this.session as StaffSession;
  }

  /** The session's staff member changed (role, deactivated) by an admin: follow it. */
  refreshSession(staffId: string): void {
    if (this.session?.staff.id !== staffId) return;
    const row = this.options.db.prepare('SELECT display_name AS displayName, role, active FROM staff WHERE id = ?').get(staffId) as
      | { displayName: string; role: StaffRole; active: number }
      | undefined;
    if (!row || row.active !== 1) return this.signOut('deactivated');
    this.session = { ...this.session, staff: { id: staffId, displayName: row.displayName, role: row.role } };
    this.options.onSessionChange(this.session);
  }

  dispose(): void {
    clearTimeout(this.expiryTimer);
  }

  /** The one PIN check: lock, brakes, scrypt, counting. Throws pin_wrong / pin_locked / pin_throttled. */
  private checkCredential(staffNo: string, pin: string, auditStaffId: string | null): Promise<StaffRow> {
    const previous = this.queues.get(staffNo) ?? Promise.resolve();
    const attempt = previous.then(() => this.checkNow(staffNo, pin, auditStaffId));
    const tail = attempt.catch(() => undefined);
    this.queues.set(staffNo, tail);
    void tail.then(() => {
      if (this.queues.get(staffNo) === tail) this.queues.delete(staffNo);
    });
    return attempt;
  }

  private async checkNow(staffNo: string, pin: string, auditStaffId: string | null): Promise<StaffRow> {
    const { db, now } = this.options;
    const row = db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff WHERE staff_no = ? AND active = 1`).get(staffNo) as StaffRow | undefined;
    if (row?.lockedUntil != null && row.lockedUntil > now()) throw lockedError(row.lockedUntil, now());
    if (!row && this.throttle.failures(staffNo) >= MAX_PIN_ATTEMPTS) throw lockedError(now() + this.options.lockoutSeconds * 1000, now());
    const wait = this.throttle.waitFor(staffNo);
    if (wait > 0) throw new KioskError('pin_throttled', 'Too many wrong PINs for this staff number just now.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    const delay = this.throttle.globalDelay();
    if (delay > 0) await (this.options.sleep ?? sleep)(delay);
    const matches = row ? await verifyPin(pin, row.pinHash) : await verifyPin(pin, await (decoyHash ??= hashPin(randomUUID())));
    const at = now();
    if (row && matches) {
      this.throttle.succeeded(staffNo);
      if (row.failedPins > 0 || row.lockedUntil !== null) db.prepare('UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = ?').run(row.id);
      return row;
    }
    this.throttle.failed(staffNo);
    // A lock that has run out starts a fresh count.
    const failed = row ? (row.lockedUntil !== null ? 0 : row.failedPins) + 1 : this.throttle.failures(staffNo);
    const lockedUntil = failed >= MAX_PIN_ATTEMPTS ? at + this.options.lockoutSeconds * 1000 : null;
    db.transaction(() => {
      if (row) db.prepare('UPDATE staff SET failed_pins = ?, locked_until = ? WHERE id = ?').run(lockedUntil ? 0 : failed, lockedUntil, row.id);
      appendAudit(db, {
        at,
        staffId: auditStaffId,
        action: lockedUntil ? 'staff.pin_locked' : 'staff.pin_wrong',
        detail: { staffNo: row ? staffNo : null, attempt: failed, ...(row && lockedUntil ? { lockedStaffId: row.id } : {}) },
      });
    })();
    if (lockedUntil) throw lockedError(lockedUntil, at);
    throw new KioskError('pin_wrong', 'The staff number or PIN is not right.', { attemptsLeft: MAX_PIN_ATTEMPTS - failed });
  }

  private setSession(session: StaffSession | null): void {
    const changed =
      (this.session === null) !== (session === null) || this.session?.staff.id !== session?.staff.id || this.session?.mustChangePin !== session?.mustChangePin;
    this.session = session;
    clearTimeout(this.expiryTimer);
    if (session) {
      this.expiryTimer = setTimeout(() => this.current(), Math.max(0, session.expiresAt - this.options.now()) + 10);
      this.expiryTimer.unref();
    }
    if (changed) this.options.onSessionChange(session);
  }
}

function memberOf(row: StaffRow): StaffMember {
  return { id: row.id, displayName: row.displayName, role: row.role };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function lockedError(lockedUntil: number, now: number): KioskError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new KioskError('pin_locked', `Too many wrong PINs: this staff member is locked for ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

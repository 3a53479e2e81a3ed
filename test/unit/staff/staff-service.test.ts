import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import type { StaffSession } from '../../../src/shared/kiosk-api';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { readAudit } from '../../../src/main/staff/audit';
import { hashPin, verifyPin } from '../../../src/main/staff/pin-hash';
import { MAX_PIN_ATTEMPTS, StaffService } from '../../../src/main/staff/staff-service';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let clock: number;
let sessions: Array<StaffSession | null>;

let slept: number[];

/** A service on the test's clock; its guessing brake "sleeps" by moving that clock. */
function service(): StaffService {
  return new StaffService({
    db,
    now: () => clock,
    lockoutSeconds: 300,
    idleSeconds: 120,
    onSessionChange: (s) => sessions.push(s),
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
}

const CASHIER = { id: 'c1', staffNo: '1001', displayName: 'Cashier', role: 'cashier', pin: '1111' } as const;
const SUPER = { id: 's1', staffNo: '2001', displayName: 'Super', role: 'supervisor', pin: '2222' } as const;

/** A wrong PIN for `staffNo`, a minute after the last one (past the per-number brake). */
async function wrongPin(staff: StaffService, staffNo: string): Promise<string> {
  clock += 61_000;
  return staff.signIn(staffNo, '0000').then(
    () => 'ok',
    (e: KioskError) => e.code,
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<KioskError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskError);
  expect((error as KioskError).code).toBe(code);
  return error as KioskError;
}

beforeEach(() => {
  temp = makeTempDir();
  db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
  clock = 1_700_000_000_000;
  sessions = [];
  slept = [];
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('PIN hashes', () => {
  it('are salted scrypt hashes that verify only the right PIN', async () => {
    const a = await hashPin('2580');
    const b = await hashPin('2580');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('2580');
    expect(await verifyPin('2580', a)).toBe(true);
    expect(await verifyPin('2581', a)).toBe(false);
    expect(await verifyPin('2580', 'plain$garbage')).toBe(false);
  });
});

describe('StaffService', () => {
  it('signs in by staff number + PIN, audits it, and signs out', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    await staff.addStaff(SUPER);
    const session = await staff.signIn('2001', '2222');
    expect(session.staff).toEqual({ id: 's1', displayName: 'Super', role: 'supervisor' });
    expect(session.mustChangePin).toBe(false);
    expect(staff.current()?.staff.id).toBe('s1');
    staff.signOut();
    expect(staff.current()).toBeNull();
    expect(sessions.map((s) => s?.staff.id ?? null)).toEqual(['s1', null]);
    expect(readAudit(db).map((e) => e.action)).toEqual(['staff.sign_out', 'staff.sign_in']);
  });

  it('PINs need not be unique: the staff number says who', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    await staff.addStaff({ ...SUPER, pin: '1111' });
    expect((await staff.signIn('2001', '1111')).staff.id).toBe('s1');
    expect((await staff.signIn('1001', '1111')).staff.id).toBe('c1');
    await expectCode(staff.signIn('1001', '2222'), 'pin_wrong');
  });

  it('locks THAT staff member after five wrong PINs; the others sign in; it expires', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    await staff.addStaff(SUPER);
    for (let attempt = 1; attempt < MAX_PIN_ATTEMPTS; attempt++) {
      clock += 61_000;
      const error = await expectCode(staff.signIn('1001', '9999'), 'pin_wrong');
      expect(error.details).toEqual({ attemptsLeft: MAX_PIN_ATTEMPTS - attempt });
    }
    clock += 61_000;
    const locked = await expectCode(staff.signIn('1001', '9999'), 'pin_locked');
    expect(locked.details).toEqual({ retryAfterSeconds: 300 });
    await expectCode(staff.signIn('1001', '1111'), 'pin_locked');
    // Finding 2: the supervisor is not locked by the cashier's wrong PINs.
    expect((await staff.signIn('2001', '2222')).staff.id).toBe('s1');
    clock += 299_000;
    await expectCode(staff.signIn('1001', '1111'), 'pin_locked');
    clock += 2_000;
    expect((await staff.signIn('1001', '1111')).staff.id).toBe('c1');
    expect(readAudit(db).some((e) => e.action === 'staff.pin_locked')).toBe(true);
  });

  it('keeps a staff member’s lock across a restart (it lives in their row)', async () => {
    await service().addStaff(CASHIER);
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await wrongPin(service(), '1001');
    await expectCode(service().signIn('1001', '1111'), 'pin_locked');
  });

  it('serialises parallel guesses for one number so they cannot slip past the count', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => staff.signIn('1001', '0000')));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as KioskError).code : 'ok'));
    expect(codes.filter((c) => c === 'pin_wrong')).toHaveLength(3);
    expect(codes.filter((c) => c === 'pin_throttled')).toHaveLength(5);
  });

  it('slows guessing on one number (growing delay) without slowing other numbers', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    await staff.addStaff(SUPER);
    await expectCode(staff.signIn('1001', '0000'), 'pin_wrong');
    await expectCode(staff.signIn('1001', '0000'), 'pin_wrong');
    await expectCode(staff.signIn('1001', '0000'), 'pin_wrong');
    expect((await expectCode(staff.signIn('1001', '1111'), 'pin_throttled')).details).toEqual({ retryAfterSeconds: 1 });
    clock += 1_000;
    await expectCode(staff.signIn('1001', '0000'), 'pin_wrong');
    expect((await expectCode(staff.signIn('1001', '1111'), 'pin_throttled')).details).toEqual({ retryAfterSeconds: 2 });
    expect((await staff.signIn('2001', '2222')).staff.id).toBe('s1');
  });

  it('a right PIN resets the wrong-PIN count', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) await wrongPin(staff, '1001');
    clock += 61_000;
    await staff.signIn('1001', '1111');
    const error = await expectCode(staff.signIn('1001', '0000'), 'pin_wrong');
    expect(error.details).toEqual({ attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
  });

  it('signs out by itself after the idle time, and each privileged call pushes that back', async () => {
    vi.useFakeTimers();
    try {
      const staff = service();
      await staff.addStaff(CASHIER);
      await staff.signIn('1001', '1111');
      clock += 100_000;
      staff.require('cashier');
      clock += 100_000;
      expect(staff.current()).not.toBeNull();
      clock += 21_000;
      vi.advanceTimersByTime(240_000);
      expect(staff.current()).toBeNull();
      expect(sessions.at(-1)).toBeNull();
      expect(readAudit(db)[0]?.action).toBe('staff.auto_sign_out');
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks roles: a cashier is not a supervisor', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    expect(() => staff.require('cashier')).toThrow(expect.objectContaining({ code: 'not_signed_in' }));
    await staff.signIn('1001', '1111');
    expect(() => staff.require('supervisor')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(staff.require('cashier').staff.id).toBe('c1');
  });

  it('a reset PIN must be changed before anything else, by the PIN rules', async () => {
    const staff = service();
    await staff.addStaff({ ...CASHIER, pin: '2580', mustChangePin: true });
    const session = await staff.signIn('1001', '2580');
    expect(session.mustChangePin).toBe(true);
    expect(() => staff.require('cashier')).toThrow(expect.objectContaining({ code: 'pin_change_required' }));
    expect((await expectCode(staff.changeOwnPin('2580', '7777'), 'pin_rule')).details).toEqual({ rule: 'repeated' });
    expect((await expectCode(staff.changeOwnPin('2580', '4321'), 'pin_rule')).details).toEqual({ rule: 'run' });
    expect((await expectCode(staff.changeOwnPin('2580', '1001'), 'pin_rule')).details).toEqual({ rule: 'staff_no' });
    expect((await expectCode(staff.changeOwnPin('2580', '12'), 'pin_rule')).details).toEqual({ rule: 'length' });
    await expectCode(staff.changeOwnPin('9999', '3806'), 'pin_wrong');
    expect((await staff.changeOwnPin('2580', '3806')).mustChangePin).toBe(false);
    expect(staff.require('cashier').staff.id).toBe('c1');
    staff.signOut();
    clock += 61_000;
    expect((await staff.signIn('1001', '3806')).mustChangePin).toBe(false);
  });
});

describe('the kiosk-wide guessing brake (finding 2)', () => {
  it('after 50 wrong PINs typed by a student, a supervisor approves a void within seconds', async () => {
    const staff = service();
    await staff.addStaff(CASHIER);
    await staff.addStaff(SUPER);
    await staff.signIn('1001', '1111');
    // The student types as fast as the pad allows: unknown numbers, the cashier's number, again and again.
    let tried = 0;
    for (let i = 0; tried < 50; i++) {
      const staffNo = i % 3 === 0 ? '1001' : String(5000 + (i % 40));
      const code = await staff.signIn(staffNo, String(1000 + i)).then(
        () => 'ok',
        (e: KioskError) => e.code,
      );
      expect(['pin_wrong', 'pin_locked', 'pin_throttled']).toContain(code);
      tried += 1;
      clock += 300;
    }
    slept = [];
    const before = clock;
    const approver = await staff.authorise({ staffNo: '2001', pin: '2222' }, 'supervisor', 'register.void');
    expect(approver.id).toBe('s1');
    // The brake made the supervisor wait (on the test's clock) well under 10 s; the cashier is still signed in.
    expect(clock - before).toBeLessThan(10_000);
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(staff.current()?.staff.id).toBe('c1');
  });
});

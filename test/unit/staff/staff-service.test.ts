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

function service(): StaffService {
  return new StaffService({ db, now: () => clock, lockoutSeconds: 300, idleSeconds: 120, onSessionChange: (s) => sessions.push(s) });
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
  it('signs in by PIN alone, audits it, and signs out', async () => {
    const staff = service();
    await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    await staff.addStaff({ id: 's1', displayName: 'Super', role: 'supervisor', pin: '2222' });
    const session = await staff.signIn('2222');
    expect(session.staff).toEqual({ id: 's1', displayName: 'Super', role: 'supervisor' });
    expect(staff.current()?.staff.id).toBe('s1');
    staff.signOut();
    expect(staff.current()).toBeNull();
    expect(sessions.map((s) => s?.staff.id ?? null)).toEqual(['s1', null]);
    expect(readAudit(db).map((e) => e.action)).toEqual(['staff.sign_out', 'staff.sign_in']);
  });

  it('locks the PIN pad after five wrong PINs, refuses even the right PIN, and unlocks after the lockout', async () => {
    const staff = service();
    await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    for (let attempt = 1; attempt < MAX_PIN_ATTEMPTS; attempt++) {
      const error = await expectCode(staff.signIn('9999'), 'pin_wrong');
      expect(error.details).toEqual({ attemptsLeft: MAX_PIN_ATTEMPTS - attempt });
    }
    const locked = await expectCode(staff.signIn('9999'), 'pin_locked');
    expect(locked.details).toEqual({ retryAfterSeconds: 300 });
    await expectCode(staff.signIn('1111'), 'pin_locked');
    clock += 299_000;
    await expectCode(staff.signIn('1111'), 'pin_locked');
    clock += 2_000;
    expect((await staff.signIn('1111')).staff.id).toBe('c1');
    expect(readAudit(db).some((e) => e.action === 'staff.pin_locked')).toBe(true);
  });

  it('keeps the lockout across a restart (the counter lives in the database)', async () => {
    await service().addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await service().signIn('0000').catch(() => undefined);
    await expectCode(service().signIn('1111'), 'pin_locked');
  });

  it('serialises parallel guesses so they cannot slip past the counter', async () => {
    const staff = service();
    await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => staff.signIn('0000')));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as KioskError).code : 'ok'));
    expect(codes.filter((c) => c === 'pin_wrong')).toHaveLength(MAX_PIN_ATTEMPTS - 1);
    expect(codes.filter((c) => c === 'pin_locked')).toHaveLength(8 - (MAX_PIN_ATTEMPTS - 1));
  });

  it('a right PIN resets the wrong-PIN count', async () => {
    const staff = service();
    await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) await staff.signIn('0000').catch(() => undefined);
    await staff.signIn('1111');
    const error = await expectCode(staff.signIn('0000'), 'pin_wrong');
    expect(error.details).toEqual({ attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
  });

  it('signs out by itself after the idle time, and each privileged call pushes that back', async () => {
    vi.useFakeTimers();
    try {
      const staff = service();
      await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
      await staff.signIn('1111');
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
    await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
    expect(() => staff.require('cashier')).toThrow(expect.objectContaining({ code: 'not_signed_in' }));
    await staff.signIn('1111');
    expect(() => staff.require('supervisor')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(staff.require('cashier').staff.id).toBe('c1');
  });
});

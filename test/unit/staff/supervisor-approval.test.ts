import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { readAudit } from '../../../src/main/staff/audit';
import { MAX_PIN_ATTEMPTS, StaffService } from '../../../src/main/staff/staff-service';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let staff: StaffService;

beforeEach(async () => {
  temp = makeTempDir();
  db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
  staff = new StaffService({ db, now: () => 1_700_000_000_000, lockoutSeconds: 300, idleSeconds: 120, onSessionChange: () => undefined });
  await staff.addStaff({ id: 'c1', displayName: 'Cashier', role: 'cashier', pin: '1111' });
  await staff.addStaff({ id: 's1', displayName: 'Super', role: 'supervisor', pin: '2222' });
});
afterEach(() => {
  staff.dispose();
  db.close();
  temp.cleanup();
});

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? 'none');

describe('StaffService.verifySupervisor', () => {
  it('approves with a supervisor PIN without changing who is signed in, and audits it', async () => {
    await staff.signIn('1111');
    const approver = await staff.verifySupervisor('2222', 'register.void');
    expect(approver).toEqual({ id: 's1', displayName: 'Super', role: 'supervisor' });
    expect(staff.current()?.staff.id).toBe('c1');
    expect(readAudit(db, 1)[0]).toMatchObject({ staffId: 's1', action: 'staff.supervisor_approval', detail: { action: 'register.void', forStaffId: 'c1' } });
  });

  it('refuses a cashier PIN as supervisor_required and a wrong PIN as pin_wrong', async () => {
    await staff.signIn('1111');
    expect(await codeOf(staff.verifySupervisor('1111', 'register.void'))).toBe('supervisor_required');
    expect(await codeOf(staff.verifySupervisor('9999', 'register.void'))).toBe('pin_wrong');
  });

  it('counts wrong PINs towards the same lockout as sign-ins', async () => {
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) expect(await codeOf(staff.verifySupervisor('9999', 'register.void'))).toBe('pin_wrong');
    expect(await codeOf(staff.verifySupervisor('9999', 'register.void'))).toBe('pin_locked');
    expect(await codeOf(staff.verifySupervisor('2222', 'register.void'))).toBe('pin_locked');
    expect(await codeOf(staff.signIn('1111'))).toBe('pin_locked');
  });
});

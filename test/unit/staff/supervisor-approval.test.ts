import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { readAudit } from '../../../src/main/staff/audit';
import { MAX_PIN_ATTEMPTS, StaffService } from '../../../src/main/staff/staff-service';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let staff: StaffService;
let clock: number;

beforeEach(async () => {
  temp = makeTempDir();
  db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
  clock = 1_700_000_000_000;
  staff = new StaffService({
    db,
    now: () => clock,
    lockoutSeconds: 300,
    idleSeconds: 120,
    onSessionChange: () => undefined,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  await staff.addStaff({ id: 'c1', staffNo: '1001', displayName: 'Cashier', role: 'cashier', pin: '1111' });
  await staff.addStaff({ id: 's1', staffNo: '2001', displayName: 'Super', role: 'supervisor', pin: '2222' });
});
afterEach(() => {
  staff.dispose();
  db.close();
  temp.cleanup();
});

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? 'none');

describe('StaffService.authorise (a one-shot approval, never a sign-in)', () => {
  it('approves with a supervisor’s staff number + PIN without changing who is signed in, and audits both', async () => {
    await staff.signIn('1001', '1111');
    const approver = await staff.authorise({ staffNo: '2001', pin: '2222' }, 'supervisor', 'register.void');
    expect(approver).toEqual({ id: 's1', displayName: 'Super', role: 'supervisor' });
    expect(staff.current()?.staff.id).toBe('c1');
    expect(readAudit(db, 1)[0]).toMatchObject({ staffId: 's1', action: 'staff.approval', detail: { action: 'register.void', approverId: 's1', forStaffId: 'c1' } });
  });

  it('refuses a cashier as supervisor_required and a wrong PIN as pin_wrong, the session unchanged', async () => {
    await staff.signIn('1001', '1111');
    expect(await codeOf(staff.authorise({ staffNo: '1001', pin: '1111' }, 'supervisor', 'register.void'))).toBe('supervisor_required');
    expect(await codeOf(staff.authorise({ staffNo: '2001', pin: '9999' }, 'supervisor', 'register.void'))).toBe('pin_wrong');
    expect(staff.current()?.staff.id).toBe('c1');
  });

  it('counts wrong approval PINs towards that supervisor’s lock only', async () => {
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) {
      clock += 61_000;
      expect(await codeOf(staff.authorise({ staffNo: '2001', pin: '9999' }, 'supervisor', 'register.void'))).toBe('pin_wrong');
    }
    clock += 61_000;
    expect(await codeOf(staff.authorise({ staffNo: '2001', pin: '9999' }, 'supervisor', 'register.void'))).toBe('pin_locked');
    expect(await codeOf(staff.authorise({ staffNo: '2001', pin: '2222' }, 'supervisor', 'register.void'))).toBe('pin_locked');
    expect((await staff.signIn('1001', '1111')).staff.id).toBe('c1');
  });
});

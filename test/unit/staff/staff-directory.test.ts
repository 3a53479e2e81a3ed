import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { appendAudit, readAudit } from '../../../src/main/staff/audit';
import { auditCsv, queryAudit } from '../../../src/main/staff/audit-viewer';
import { StaffDirectory } from '../../../src/main/staff/staff-directory';
import { MAX_PIN_ATTEMPTS, StaffService } from '../../../src/main/staff/staff-service';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let clock: number;
let staff: StaffService;
let directory: StaffDirectory;

beforeEach(async () => {
  temp = makeTempDir();
  db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
  clock = new Date(2026, 0, 5, 10, 0, 0).getTime();
  staff = new StaffService({ db, now: () => clock, lockoutSeconds: 300, idleSeconds: 120, onSessionChange: () => undefined, sleep: async (ms) => void (clock += ms) });
  directory = new StaffDirectory(() => db, () => staff, () => clock);
  await staff.addStaff({ id: 'a1', staffNo: '3001', displayName: 'Admin', role: 'admin', pin: '3333' });
});
afterEach(() => {
  staff.dispose();
  db.close();
  temp.cleanup();
});

const codeOf = (p: Promise<unknown> | (() => unknown)) =>
  Promise.resolve()
    .then(() => (typeof p === 'function' ? p() : p))
    .then(
      () => 'ok',
      (e: { code?: string; details?: unknown }) => e.code ?? 'none',
    );

describe('staff management', () => {
  it('adds a person who must set their own PIN, by the rules, with a unique staff number; every change audited', async () => {
    expect(await codeOf(directory.add('a1', { staffNo: '4001', displayName: 'New', role: 'cashier', pin: '4001' }))).toBe('pin_rule');
    const added = await directory.add('a1', { staffNo: '4001', displayName: 'New', role: 'cashier', pin: '2580' });
    expect(added).toMatchObject({ staffNo: '4001', role: 'cashier', active: true, mustChangePin: true });
    expect(await codeOf(directory.add('a1', { staffNo: '4001', displayName: 'Twin', role: 'cashier', pin: '2580' }))).toBe('staff_no_taken');
    expect(directory.setRole('a1', added.id, 'supervisor').role).toBe('supervisor');
    expect((await directory.resetPin('a1', added.id, '3806')).mustChangePin).toBe(true);
    expect(directory.deactivate('a1', added.id).active).toBe(false);
    expect(await codeOf(staff.signIn('4001', '3806'))).toBe('pin_wrong');
    expect(readAudit(db).map((e) => e.action).filter((a) => a.startsWith('staff.') && a !== 'staff.pin_wrong')).toEqual(['staff.deactivated', 'staff.pin_reset', 'staff.role_changed', 'staff.added']);
    expect(readAudit(db).find((e) => e.action === 'staff.role_changed')?.detail).toEqual({ staffId: added.id, old: 'cashier', new: 'supervisor' });
  });

  it('keeps one active admin', () => {
    expect(() => directory.setRole('a1', 'a1', 'cashier')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => directory.deactivate('a1', 'a1')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('unlocks a locked staff member at once', async () => {
    const person = await directory.add('a1', { staffNo: '4002', displayName: 'Locked', role: 'cashier', pin: '2580' });
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) {
      clock += 61_000;
      await codeOf(staff.signIn('4002', '0000'));
    }
    expect(directory.list().find((p) => p.id === person.id)?.lockedUntil).not.toBeNull();
    expect(await codeOf(staff.signIn('4002', '2580'))).toBe('pin_locked');
    expect(directory.unlock('a1', person.id).lockedUntil).toBeNull();
    expect(await codeOf(staff.signIn('4002', '2580'))).toBe('ok');
  });
});

describe('the audit viewer', () => {
  it('filters by day, staff member (acting or approving) and action prefix; verifies the chain; exports CSV safely', () => {
    appendAudit(db, { at: clock, staffId: 'a1', action: 'settings.changed', detail: { changes: [{ key: 'topupMax', old: 30000, new: 50000 }] } });
    appendAudit(db, { at: clock + 1000, staffId: 'c1', action: 'register.void', detail: { approverId: 'a1', note: '=HYPERLINK("x")' } });
    appendAudit(db, { at: clock + 86_400_000, staffId: 'c1', action: 'register.confirm' });
    expect(queryAudit(db, { day: '2026-01-05' }).entries.map((e) => e.action)).toEqual(['register.void', 'settings.changed']);
    expect(queryAudit(db, { staffId: 'a1' }).entries.map((e) => e.action)).toEqual(['register.void', 'settings.changed']);
    expect(queryAudit(db, { action: 'register.' }).entries.map((e) => e.action)).toEqual(['register.confirm', 'register.void']);
    const page = queryAudit(db, {});
    expect(page.chain).toEqual({ ok: true, rows: 3 });
    expect(page.entries.at(-1)).toMatchObject({ staffName: 'Admin', detail: { changes: [{ key: 'topupMax', old: 30000, new: 50000 }] } });
    const { csv, rows } = auditCsv(db, { day: '2026-01-05' });
    expect(rows).toBe(2);
    expect(csv.split('\r\n')[0]).toBe('id,at,staff_id,staff_name,action,detail');
    // A cell that would start a spreadsheet formula is quoted as text.
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});

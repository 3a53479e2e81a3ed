import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { StaffRole } from '../../shared/kiosk-api';
import type { StaffRecord } from '../../shared/api/staff';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from './audit';
import { hashPin } from './pin-hash';
import { checkPinChoice } from './pin-rules';
import type { StaffService } from './staff-service';

interface Row {
  id: string;
  staffNo: string;
  displayName: string;
  role: StaffRole;
  active: number;
  lockedUntil: number | null;
  mustChangePin: number;
}

const COLUMNS = 'id, staff_no AS staffNo, display_name AS displayName, role, active, locked_until AS lockedUntil, must_change_pin AS mustChangePin';

/**
 * Staff management (admin; unlocking also a supervisor): list, add, change role, deactivate,
 * reset a PIN (the person must choose a new one at the next sign-in), unlock. Every change is
 * audited with who made it; the kiosk always keeps one active admin.
 */
export class StaffDirectory {
  constructor(
    private readonly db: () => SqliteDatabase,
    private readonly staff: () => StaffService,
    private readonly now: () => number,
  ) {}

  list(): StaffRecord[] {
    const rows = this.db().prepare(`SELECT ${COLUMNS} FROM staff ORDER BY active DESC, CAST(staff_no AS INTEGER)`).all() as Row[];
    return rows.map((row) => this.view(row));
  }

  async add(actorId: string, input: { staffNo: string; displayName: string; role: StaffRole; pin: string }): Promise<StaffRecord> {
    checkPinChoice(input.pin, input.staffNo);
    if (this.db().prepare('SELECT 1 FROM staff WHERE staff_no = ?').get(input.staffNo)) {
      throw new KioskError('staff_no_taken', 'That staff number is already used.');
    }
    const id = randomUUID();
    // The admin chose this first PIN, so the person sets their own at the first sign-in.
    await this.staff().addStaff({ ...input, id, mustChangePin: true });
    appendAudit(this.db(), { at: this.now(), staffId: actorId, action: 'staff.added', detail: { staffId: id, staffNo: input.staffNo, role: input.role } });
    return this.get(id);
  }

  setRole(actorId: string, staffId: string, role: StaffRole): StaffRecord {
    const db = this.db();
    db.transaction(() => {
      const row = this.row(staffId);
      if (row.role === role) return;
      if (row.role === 'admin') this.keepOneAdmin(staffId);
      db.prepare('UPDATE staff SET role = ?, updated_at = ? WHERE id = ?').run(role, this.now(), staffId);
      appendAudit(db, { at: this.now(), staffId: actorId, action: 'staff.role_changed', detail: { staffId, old: row.role, new: role } });
    }).immediate();
    this.staff().refreshSession(staffId);
    return this.get(staffId);
  }

  deactivate(actorId: string, staffId: string): StaffRecord {
    const db = this.db();
    db.transaction(() => {
      const row = this.row(staffId);
      if (row.active === 0) return;
      if (row.role === 'admin') this.keepOneAdmin(staffId);
      db.prepare('UPDATE staff SET active = 0, updated_at = ? WHERE id = ?').run(this.now(), staffId);
      appendAudit(db, { at: this.now(), staffId: actorId, action: 'staff.deactivated', detail: { staffId, staffNo: row.staffNo } });
    }).immediate();
    this.staff().refreshSession(staffId);
    return this.get(staffId);
  }

  async resetPin(actorId: string, staffId: string, temporaryPin: string): Promise<StaffRecord> {
    const row = this.row(staffId);
    checkPinChoice(temporaryPin, row.staffNo);
    const pinHash = await hashPin(temporaryPin);
    const db = this.db();
    db.transaction(() => {
      db.prepare('UPDATE staff SET pin_hash = ?, must_change_pin = 1, failed_pins = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(pinHash, this.now(), staffId);
      appendAudit(db, { at: this.now(), staffId: actorId, action: 'staff.pin_reset', detail: { staffId, staffNo: row.staffNo } });
    })();
    this.staff().throttle.clear(row.staffNo);
    return this.get(staffId);
  }

  unlock(actorId: string, staffId: string): StaffRecord {
    const row = this.row(staffId);
    const db = this.db();
    db.transaction(() => {
      db.prepare('UPDATE staff SET failed_pins = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(this.now(), staffId);
      appendAudit(db, { at: this.now(), staffId: actorId, action: 'staff.unlocked', detail: { staffId, staffNo: row.staffNo, wasLocked: row.lockedUntil !== null && row.lockedUntil > this.now() } });
    })();
    this.staff().throttle.clear(row.staffNo);
    return this.get(staffId);
  }

  private keepOneAdmin(staffId: string): void {
    const others = this.db().prepare("SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active = 1 AND id != ?").get(staffId) as { n: number };
    if (others.n === 0) throw new KioskError('invalid_input', 'The kiosk needs at least one active admin: add another admin first.', { field: 'staffId' });
  }

  private row(staffId: string): Row {
    const row = this.db().prepare(`SELECT ${COLUMNS} FROM staff WHERE id = ?`).get(staffId) as Row | undefined;
    if (!row) throw new KioskError('invalid_input', 'No such staff member.', { field: 'staffId' });
    return row;
  }

  private get(staffId: string): StaffRecord {
    return this.view(this.row(staffId));
  }

  private view(row: Row): StaffRecord {
    const locked = row.lockedUntil !== null && row.lockedUntil > this.now();
    return {
      id: row.id,
      staffNo: row.staffNo,
      displayName: row.displayName,
      role: row.role,
      active: row.active === 1,
      lockedUntil: locked ? row.lockedUntil : null,
      mustChangePin: row.mustChangePin === 1,
    };
  }
}

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0008-')));
afterEach(() => temp.cleanup());

describe('migration 0008: staff identity', () => {
  it('gives existing staff numbers (the demo ones README lists), per-staff lock columns, and drops the kiosk-wide lock', () => {
    const file = join(temp.dir, 'k.sqlite');
    const before = openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 8) });
    const insert = before.prepare("INSERT INTO staff (id, display_name, role, pin_hash, active, created_at) VALUES (?, ?, ?, 'scrypt$x', 1, 1)");
    insert.run('demo-cashier', 'Cashier', 'cashier');
    insert.run('demo-supervisor', 'Super', 'supervisor');
    insert.run('someone', 'Admin', 'admin');
    before.prepare('UPDATE pin_lockout SET failed_attempts = 4, locked_until = 99 WHERE id = 1').run();
    before.close();

    const db = openKioskDatabase(file);
    const rows = db.prepare('SELECT id, staff_no, failed_pins, locked_until, must_change_pin FROM staff ORDER BY rowid').all();
    expect(rows).toEqual([
      { id: 'demo-cashier', staff_no: '1001', failed_pins: 0, locked_until: null, must_change_pin: 0 },
      { id: 'demo-supervisor', staff_no: '2001', failed_pins: 0, locked_until: null, must_change_pin: 0 },
      { id: 'someone', staff_no: '9003', failed_pins: 0, locked_until: null, must_change_pin: 0 },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'pin_lockout'").get()).toBeUndefined();
    expect(() => db.prepare("UPDATE staff SET staff_no = '1001' WHERE id = 'someone'").run()).toThrow(/UNIQUE/);
    db.close();
  });
});

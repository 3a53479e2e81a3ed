import type { Migration } from './types';

/**
 * Staff who are who they say (issue 12): a staff number per person (PINs need not be unique any
 * more), a wrong-PIN count and lock per staff member instead of the one kiosk-wide counter (which
 * let any student lock every supervisor out), and a flag that makes the person set a new PIN at
 * the next sign-in (after an admin reset one). The demo staff get the numbers README lists;
 * other existing staff get 9000 + their row number, shown on the staff list.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'staff-identity',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN staff_no TEXT;
      ALTER TABLE staff ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE staff ADD COLUMN locked_until INTEGER;
      ALTER TABLE staff ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
      ALTER TABLE staff ADD COLUMN updated_at INTEGER;
      UPDATE staff SET staff_no = CASE id
        WHEN 'demo-cashier' THEN '1001'
        WHEN 'demo-supervisor' THEN '2001'
        WHEN 'demo-admin' THEN '3001'
        ELSE CAST(9000 + rowid AS TEXT) END;
      CREATE UNIQUE INDEX staff_by_number ON staff (staff_no);
      DROP TABLE pin_lockout;
    `);
  },
};

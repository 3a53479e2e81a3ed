import type { StaffService } from './staff-service';

/** Demo staff numbers and PINs, printed in README. Only seeded in demo mode into an empty staff table. */
export const DEMO_STAFF = [
  { id: 'demo-cashier', staffNo: '1001', displayName: 'レジ 担当 (demo cashier)', role: 'cashier', pin: '1111' },
  { id: 'demo-supervisor', staffNo: '2001', displayName: '店長 (demo supervisor)', role: 'supervisor', pin: '2222' },
  { id: 'demo-admin', staffNo: '3001', displayName: '管理者 (demo admin)', role: 'admin', pin: '3333' },
] as const;

/** The first administrator's staff number when KIOSK_INITIAL_ADMIN_PIN creates one. */
export const INITIAL_ADMIN_STAFF_NO = '0001';

export async function seedDemoStaff(
  staff: StaffService,
  options: { demo: boolean; initialAdminPin: string | null; log: (line: string) => void },
): Promise<void> {
  if (staff.countStaff() > 0) return;
  if (options.demo) {
    for (const member of DEMO_STAFF) await staff.addStaff({ ...member });
    options.log('kiosk: demo staff seeded (staff number / PIN: 1001 / 1111 cashier, 2001 / 2222 supervisor, 3001 / 3333 admin)');
  } else if (options.initialAdminPin) {
    // The PIN came through the environment: the admin chooses their own at the first sign-in.
    await staff.addStaff({ staffNo: INITIAL_ADMIN_STAFF_NO, displayName: 'Administrator', role: 'admin', pin: options.initialAdminPin, mustChangePin: true });
    options.log(`kiosk: first administrator (staff number ${INITIAL_ADMIN_STAFF_NO}) created from KIOSK_INITIAL_ADMIN_PIN; they set a new PIN at the first sign-in`);
  } else {
    options.log('kiosk: no staff accounts yet: the set-up screen creates the first administrator with the one-time code printed on stdout');
  }
}

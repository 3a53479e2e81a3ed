import type { StaffService } from './staff-service';

/** Demo staff PINs, printed in README. Only seeded in demo mode into an empty staff table. */
export const DEMO_STAFF = [
  { id: 'demo-cashier', displayName: 'レジ 担当 (demo cashier)', role: 'cashier', pin: '1111' },
  { id: 'demo-supervisor', displayName: '店長 (demo supervisor)', role: 'supervisor', pin: '2222' },
  { id: 'demo-admin', displayName: '管理者 (demo admin)', role: 'admin', pin: '3333' },
] as const;

export async function seedDemoStaff(
  staff: StaffService,
  options: { demo: boolean; initialAdminPin: string | null; log: (line: string) => void },
): Promise<void> {
  if (staff.countStaff() > 0) return;
  if (options.demo) {
    for (const member of DEMO_STAFF) await staff.addStaff({ ...member });
    options.log('kiosk: demo staff seeded (PINs 1111 cashier, 2222 supervisor, 3333 admin)');
  } else if (options.initialAdminPin) {
    await staff.addStaff({ displayName: 'Administrator', role: 'admin', pin: options.initialAdminPin });
    options.log('kiosk: first administrator created from KIOSK_INITIAL_ADMIN_PIN');
  } else {
    options.log('kiosk: no staff accounts yet; set KIOSK_INITIAL_ADMIN_PIN for the first start');
  }
}

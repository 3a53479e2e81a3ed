/** The staff room's public entry: staff and their sessions, the audit log and its anchor at the portal. */
import type { StaffService } from './staff-service';

export { StaffService, ROLE_RANK } from './staff-service';
export { createStaffModule } from './staff-module';
export { appendAudit, readAudit } from './audit';
export { AuditAnchorService, type AuditAnchorOptions, type AuditAnchorTuning } from './audit-anchor';
export { seedDemoStaff, DEMO_STAFF } from './demo-staff';

/** What a room asks of staff: the signed-in session with a role, and another staff member's one-shot approval. */
export type StaffGate = Pick<StaffService, 'require' | 'approver' | 'authorise'>;
export { FirstAdminSetup, SETUP_CODE_FILE, SETUP_CODE_TTL_MS, MAX_WRONG_SETUP_CODES } from './first-admin-setup';
export { createSetupModule } from './setup-module';

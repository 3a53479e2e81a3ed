/**
 * The cashier room's one approval point: every approval the register asks for (void, a payment
 * on a typed member number, settling a flag) goes through the staff room's one-shot
 * authorisation: the approval's staff number + PIN, or the signed-in staff member when their role
 * suffices. It never changes who is signed in.
 */
import type { Approval } from '../../shared/api/staff';
import type { StaffMember } from '../../shared/kiosk-api';
import type { StaffGate } from '../staff';

export function supervisorApproval(staff: StaffGate, approval: Approval | undefined, action: string): Promise<StaffMember> {
  return staff.approver(approval, 'supervisor', action);
}

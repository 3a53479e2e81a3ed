/**
 * The cashier room's one approval point: a supervisor (or admin) signed in approves by being
 * signed in; a cashier needs a supervisor's PIN for this one action (an authorisation, never a
 * sign-in). Every new approval the register asks for goes through here, so moving to the staff
 * room's one-shot authorisations (issue 12) is a change in this file alone.
 */
import { KioskError } from '../../shared/errors';
import type { StaffMember } from '../../shared/kiosk-api';
import type { StaffGate } from '../staff';

export async function supervisorApproval(staff: StaffGate, signedIn: StaffMember, pin: string | undefined, action: string): Promise<StaffMember> {
  if (signedIn.role === 'supervisor' || signedIn.role === 'admin') return signedIn;
  if (pin === undefined) throw new KioskError('supervisor_required', 'A supervisor must approve this.');
  return staff.verifySupervisor(pin, action);
}

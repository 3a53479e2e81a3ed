import { z } from 'zod';
import { NoInput, Ok, StaffRoleSchema, StaffSessionSchema, StaffStatusSchema, type MethodSchema } from './common';

export const PinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.');
/** A staff number: typed on the PIN pad (digits) or read from a staff card. */
export const StaffNoSchema = z.string().regex(/^\d{3,8}$/, 'A staff number is 3 to 8 digits.');

/**
 * A one-shot authorisation by another staff member (a supervisor approving a void, an email
 * change, a flag): who (staff number) and their PIN. It is checked once for that one action and
 * never changes who is signed in.
 */
export const ApprovalSchema = z.object({ staffNo: StaffNoSchema, pin: PinSchema }).strict();
export type Approval = z.infer<typeof ApprovalSchema>;

export const StaffRecordSchema = z.object({
  id: z.string(),
  staffNo: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  active: z.boolean(),
  /** Locked after 5 wrong PINs until this moment (epoch ms), or null. */
  lockedUntil: z.number().nullable(),
  mustChangePin: z.boolean(),
});
export type StaffRecord = z.infer<typeof StaffRecordSchema>;

const StaffIdInput = z.object({ staffId: z.string().min(1).max(100) }).strict();
const DisplayNameSchema = z.string().trim().min(1).max(40);

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

export const AuditFilterSchema = z
  .object({
    /** Business day YYYY-MM-DD (kiosk local time). */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    staffId: z.string().max(100).optional(),
    /** An action or its prefix ("register." for every register action). */
    action: z.string().max(60).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  actions: z.array(z.string()),
  chain: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), rows: z.number().int() }),
    z.object({ ok: z.literal(false), rows: z.number().int(), id: z.number().int(), message: z.string() }),
  ]),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** Staff sign-in, sign-out, the status screen, staff management (admin) and the audit viewer. */
export const staffMethods = {
  staffSignIn: { input: z.object({ staffNo: StaffNoSchema, pin: PinSchema }).strict(), output: StaffSessionSchema },
  staffSignOut: { input: NoInput, output: Ok },
  getStaffSession: { input: NoInput, output: StaffSessionSchema.nullable() },
  getStaffStatus: { input: NoInput, output: StaffStatusSchema },
  staffChangeOwnPin: { input: z.object({ currentPin: PinSchema, newPin: z.string().max(16) }).strict(), output: StaffSessionSchema },
  staffList: { input: NoInput, output: z.array(StaffRecordSchema) },
  staffAdd: { input: z.object({ staffNo: StaffNoSchema, displayName: DisplayNameSchema, role: StaffRoleSchema, pin: z.string().max(16) }).strict(), output: StaffRecordSchema },
  staffSetRole: { input: StaffIdInput.extend({ role: StaffRoleSchema }).strict(), output: StaffRecordSchema },
  staffDeactivate: { input: StaffIdInput, output: StaffRecordSchema },
  staffResetPin: { input: StaffIdInput.extend({ temporaryPin: z.string().max(16) }).strict(), output: StaffRecordSchema },
  staffUnlock: { input: StaffIdInput, output: StaffRecordSchema },
  auditQuery: { input: AuditFilterSchema, output: AuditPageSchema },
  auditExportCsv: { input: AuditFilterSchema, output: z.object({ filename: z.string(), csv: z.string(), rows: z.number().int() }) },
} as const satisfies Record<string, MethodSchema>;

export const staffEvents = {
  /** The staff session changed (signed in, out, or signed out automatically). */
  staffSession: StaffSessionSchema.nullable(),
} as const;

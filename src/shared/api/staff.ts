import { z } from 'zod';
import { NoInput, Ok, StaffSessionSchema, StaffStatusSchema, type MethodSchema } from './common';

export const PinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.');

/** Staff sign-in, sign-out and the status screen. */
export const staffMethods = {
  staffSignIn: { input: z.object({ pin: PinSchema }).strict(), output: StaffSessionSchema },
  staffSignOut: { input: NoInput, output: Ok },
  getStaffSession: { input: NoInput, output: StaffSessionSchema.nullable() },
  getStaffStatus: { input: NoInput, output: StaffStatusSchema },
} as const satisfies Record<string, MethodSchema>;

export const staffEvents = {
  /** The staff session changed (signed in, out, or signed out automatically). */
  staffSession: StaffSessionSchema.nullable(),
} as const;

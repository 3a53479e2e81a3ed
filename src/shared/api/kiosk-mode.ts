import { z } from 'zod';
import { NoInput, Ok, StaffSessionSchema, type MethodSchema } from './common';
import { ApprovalSchema, PinSchema, StaffNoSchema } from './staff';

/** Why the last start of the kiosk failed (kept durably in the data folder until an admin acknowledges it). */
export const StartFailureSchema = z.object({
  /** When the start failed (epoch ms). */
  at: z.number(),
  /** The host that failed to start. */
  hostMode: z.enum(['electron', 'web']),
  /** What went wrong, as the start printed it (a configuration message names the variable). */
  message: z.string().max(4000),
});
export type StartFailure = z.infer<typeof StartFailureSchema>;

/** The one-time set-up code printed on the kiosk's stdout at a first start (8 digits). */
export const SetupCodeSchema = z.string().regex(/^\d{8}$/, 'The set-up code is 8 digits.');

/**
 * Leaving kiosk mode (issue 14 item 5) and the first administrator (item 6). Stopping and
 * restarting take an admin's one-shot approval (staff number + PIN) on top of the admin session.
 */
export const kioskModeMethods = {
  /** Admin: close the kiosk (Electron: back to the desktop; web host: the process exits 0). Audited. */
  kioskStop: { input: z.object({ approval: ApprovalSchema }).strict(), output: z.object({ stopping: z.literal(true) }) },
  /** Admin: restart the kiosk (Electron: relaunch; web host: a fresh core in the same process). Audited. */
  kioskRestart: { input: z.object({ approval: ApprovalSchema }).strict(), output: z.object({ restarting: z.literal(true), startedAt: z.number() }) },
  /** Staff: why the last start failed, until an admin acknowledges it. */
  getStartFailure: { input: NoInput, output: StartFailureSchema.nullable() },
  /** Admin: the failure was read; it is removed from the data folder (audited). */
  acknowledgeStartFailure: { input: NoInput, output: Ok },
  /** First start outside demo mode, no staff yet: is this the code printed on stdout? Counts towards the limit. */
  setupCheckCode: { input: z.object({ code: SetupCodeSchema }).strict(), output: Ok },
  /** Creates the first administrator with the printed code (single use) and signs them in. */
  setupCreateAdmin: {
    input: z.object({ code: SetupCodeSchema, staffNo: StaffNoSchema, pin: PinSchema }).strict(),
    output: StaffSessionSchema,
  },
} as const satisfies Record<string, MethodSchema>;

export const kioskModeEvents = {} as const;

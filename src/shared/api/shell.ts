import { ConnectivitySchema, KioskStateSchema, NoInput, Ok, type MethodSchema } from './common';

/** The kiosk shell: state every screen needs, and the end of a student's session. */
export const shellMethods = {
  getKioskState: { input: NoInput, output: KioskStateSchema },
  /** The student's session ended (done, cancelled or idle): forget everything it held. */
  endSession: { input: NoInput, output: Ok },
} as const satisfies Record<string, MethodSchema>;

export const shellEvents = {
  connectivity: ConnectivitySchema,
} as const;

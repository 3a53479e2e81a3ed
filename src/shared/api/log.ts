import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';

/** One line of the kiosk's log, already redacted (no personal data). */
export const LogEntrySchema = z.object({
  at: z.number().int(),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

/** How many recent warnings and errors the staff status screen shows. */
export const RECENT_LOG_LIMIT = 20;

/** The kiosk's log (rotating files in the data folder), for the staff status screen. */
export const logMethods = {
  /** Staff: the newest warnings and errors, newest first (at most RECENT_LOG_LIMIT). */
  getRecentLog: { input: NoInput, output: z.object({ entries: z.array(LogEntrySchema) }) },
  /** Supervisor: the whole log as a text file to send when the store calls for help (redacted). */
  exportLog: { input: NoInput, output: z.object({ filename: z.string(), text: z.string(), lines: z.number().int().nonnegative() }) },
} as const satisfies Record<string, MethodSchema>;

export const logEvents = {} as const;

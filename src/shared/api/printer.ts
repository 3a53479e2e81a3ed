/**
 * Receipt printers on the staff device page (issue 15): each configured printer with its driver's
 * status as a tagged union (like the scanners), and the cash drawer opened on demand by a
 * supervisor (one-shot approval, audited with both people).
 */
import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';
import { ApprovalSchema } from './staff';

/** What the printer answered to DLE EOT: ready (maybe paper low), paper out, cover open, offline, no answer. */
export const PrinterConditionViewSchema = z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'no-reply']);
export type PrinterConditionView = z.infer<typeof PrinterConditionViewSchema>;

/** The driver's state; `disconnected` retries by itself in `retryInMs`, `error` waits for a configuration fix. */
export const PrinterStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('connecting'), attempt: z.number().int() }),
  z.object({ state: z.literal('connected'), device: z.string(), since: z.number(), condition: PrinterConditionViewSchema, checkedAt: z.number() }),
  z.object({ state: z.literal('disconnected'), reason: z.string(), retryInMs: z.number(), attempt: z.number().int() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type PrinterStateView = z.infer<typeof PrinterStateSchema>;

export const PrinterDeviceSchema = z.object({
  /** The URI it was configured with (KIOSK_PRINTERS / settings), so staff see what to fix. */
  uri: z.string(),
  printerId: z.string(),
  link: z.enum(['serial', 'usb', 'tcp']),
  status: PrinterStateSchema,
  /** Receipts waiting for this printer. */
  pending: z.number().int().nonnegative(),
  /** The cash drawer hangs on this printer's drawer port (settings: printers.drawers): "Open drawer" and cash top-ups kick it. */
  drawer: z.boolean(),
});
export type PrinterDevice = z.infer<typeof PrinterDeviceSchema>;

/** What happened at each printer's drawer: ESC p sent, the real-time pulse (printer offline), or not reachable. */
export const DrawerResultSchema = z.object({
  uri: z.string(),
  result: z.enum(['opened', 'opened-realtime', 'not-connected', 'failed']),
});
export type DrawerResult = z.infer<typeof DrawerResultSchema>;

export const printerMethods = {
  /** Staff (cashier): every configured receipt printer with its status (empty: none configured). */
  getPrinterOverview: { input: NoInput, output: z.array(PrinterDeviceSchema) },
  /**
   * Staff: opens the cash drawer (ESC p through each printer's drawer port). A cashier needs a
   * supervisor's one-shot approval (staff number + PIN); audited with both people.
   * Only the printers with the drawer connected are kicked. `printer_missing` without a printer,
   * `drawer_missing` when no printer has the drawer, `printer_offline` when none of them could be reached.
   */
  registerOpenDrawer: { input: z.object({ approval: ApprovalSchema.optional() }).strict(), output: z.array(DrawerResultSchema) },
} as const satisfies Record<string, MethodSchema>;

export const printerEvents = {
  /** A printer's status changed (connected, paper out, cover open, retrying…). */
  printerDevices: z.array(PrinterDeviceSchema),
} as const;

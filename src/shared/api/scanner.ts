/**
 * Scanners (DESIGN.md §3.4, §3.6): the hub's classified scan stream, per-source status, the staff
 * screens' overview, the keyboard wedge's finished scans, the demo simulator and the member lookup
 * behind the member panel.
 *
 * What leaves the core is safe to show: unknown data is escaped and cut by the hub, and an app
 * token (a one-time payment credential) is never sent whole — only its mode and a masked hint.
 */
import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';

export const SCANNER_SOURCE_KINDS = ['serial', 'usb-hidpos', 'wedge', 'sim', 'invalid'] as const;
export const ScannerSourceKindSchema = z.enum(SCANNER_SOURCE_KINDS);

export const ScannerDeviceSchema = z.object({ description: z.string() });

/** A driver's state; times are epoch ms. `disconnected` retries by itself, `error` waits for a configuration fix. */
export const ScannerStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('connecting'), attempt: z.number().int() }),
  z.object({ state: z.literal('connected'), device: ScannerDeviceSchema, since: z.number() }),
  z.object({ state: z.literal('disconnected'), reason: z.string(), retryInMs: z.number(), attempt: z.number().int() }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type ScannerStateView = z.infer<typeof ScannerStateSchema>;

export const ScannerSourceStatusSchema = z.object({
  sourceId: z.string(),
  kind: ScannerSourceKindSchema,
  /** The URI it was configured with (KIOSK_SCANNERS), so staff can see what to fix. */
  uri: z.string(),
  status: ScannerStateSchema,
  connected: z.boolean(),
  scanCount: z.number().int().nonnegative(),
  duplicatesDropped: z.number().int().nonnegative(),
  /** Epoch ms of the last accepted scan. */
  lastScanAt: z.number().nullable(),
  errorCount: z.number().int().nonnegative(),
  lastError: z.object({ message: z.string(), at: z.number() }).nullable(),
});
export type ScannerSourceStatus = z.infer<typeof ScannerSourceStatusSchema>;

export const APP_TOKEN_MODE_VALUES = ['pay', 'points', 'charge'] as const;
export const UNKNOWN_SCAN_REASONS = ['empty', 'too_long', 'not_printable', 'product_code', 'bad_check_digit', 'unrecognised'] as const;

/** What a scan means. An app token appears as its mode and a masked hint, never the token. */
export const ScanMeaningSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('memberCard'), memberNo: z.string(), ruleId: z.string(), symbology: z.string().optional() }),
  z.object({ kind: z.literal('appToken'), mode: z.enum(APP_TOKEN_MODE_VALUES), tokenHint: z.string(), ruleId: z.string() }),
  /** A staff card (a staff-card rule of the nomenclature): the staff number, for a staff sign-in by card. */
  z.object({ kind: z.literal('staffCard'), staffNo: z.string(), ruleId: z.string(), symbology: z.string().optional() }),
  z.object({ kind: z.literal('unknown'), reason: z.enum(UNKNOWN_SCAN_REASONS), ruleId: z.string().optional() }),
]);
export type ScanMeaning = z.infer<typeof ScanMeaningSchema>;

/** `P7J8…CP`: the mode letter and a few characters to tell two tokens apart, never enough to use one. */
export function maskAppToken(token: string): string {
  if (token.length <= 6) return '…';
  return `${token.slice(0, 4)}…${token.slice(-2)}`;
}

export const ScanViewSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  sourceId: z.string(),
  /** Safe to show: escaped and cut for unknown data, masked for app tokens. */
  data: z.string(),
  symbology: z.string().optional(),
  meaning: ScanMeaningSchema,
  /** Epoch ms when the scan was complete in the driver. */
  at: z.number(),
});
export type ScanView = z.infer<typeof ScanViewSchema>;

export const TEST_BARCODE_FORMATS = ['CODE128', 'codabar', 'EAN13', 'EAN8', 'CODE39', 'ITF'] as const;

export const TestBarcodeViewSchema = z.object({
  format: z.enum(TEST_BARCODE_FORMATS),
  /** What the scanner must send back (shown in full: these are test codes, not anyone's card). */
  data: z.string(),
  label: z.string(),
  ruleId: z.string().nullable(),
  /** How the kiosk's nomenclature classifies `data`. */
  expected: ScanMeaningSchema,
});
export type TestBarcodeView = z.infer<typeof TestBarcodeViewSchema>;

/** Keyboard-wedge detector settings from the `wedge` URI, for the host that runs the detector. */
export const WedgeSettingsSchema = z.object({
  sourceId: z.string(),
  /** `renderer`: the page runs the detector (web host); `main`: Electron main does, on before-input-event. */
  runsIn: z.enum(['renderer', 'main']),
  maxInterKeyMs: z.number().int().positive(),
  minLength: z.number().int().positive(),
  terminatorKeys: z.array(z.string()),
  endOnIdle: z.boolean(),
  prefix: z.string(),
  suffix: z.string(),
  requirePrefix: z.boolean(),
  ignoreTextFields: z.boolean(),
  aim: z.boolean(),
  maxLength: z.number().int().positive(),
});
export type WedgeSettings = z.infer<typeof WedgeSettingsSchema>;

export const ScannerOverviewSchema = z.object({
  sources: z.array(ScannerSourceStatusSchema),
  /** The live log's start: the latest scans, oldest first. */
  recent: z.array(ScanViewSchema),
  testBarcodes: z.array(TestBarcodeViewSchema),
  /** Whether a simulator source exists (staff may then inject test scans). */
  simulator: z.string().nullable(),
  wedge: WedgeSettingsSchema.nullable(),
});
export type ScannerOverview = z.infer<typeof ScannerOverviewSchema>;

export const MemberNoSchema = z.string().regex(/^\d{10}$/, 'A member number is 10 digits.');

/** The member panel's facts: no e-mail, no balance. */
export const MemberSummarySchema = z.object({
  memberNo: z.string(),
  name: z.string(),
  nameKana: z.string(),
  status: z.enum(['active', 'suspended', 'withdrawn']),
  portalRegistered: z.boolean(),
  /** Roster copy's time (epoch ms). */
  asOf: z.number(),
});
export type MemberSummary = z.infer<typeof MemberSummarySchema>;

/** An AIM symbology identifier, e.g. `]F0`. */
const AimIdSchema = z.string().regex(/^\][A-Za-z][0-9A-Za-z]$/, 'an AIM id such as ]F0');
/** Scanned text: printable only (no control characters), bounded. */
const ScanDataSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\p{Cc}]+$/u, 'scan data has no control characters');

export const scannerMethods = {
  /** Staff (any role): per-source status, the recent scans and the test barcodes. */
  getScannerOverview: { input: NoInput, output: ScannerOverviewSchema },
  /** Anyone: whether and where the keyboard-wedge detector runs (the web host's page needs it at start). */
  getWedgeSettings: { input: NoInput, output: WedgeSettingsSchema.nullable() },
  /**
   * A scan the keyboard-wedge detector finished (the web host's page, or Electron main): it joins
   * the hub's stream like any other source's. Refused when no `wedge` source is configured.
   */
  submitWedgeScan: {
    input: z
      .object({
        data: ScanDataSchema,
        symbology: AimIdSchema.optional(),
        /** Set when the burst was longer than the detector keeps: the scan is unusable. */
        truncatedLength: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
    output: z.object({ scan: ScanViewSchema.nullable() }),
  },
  /** Staff (any role), simulator source configured: a test scan as if the simulator read it (audited). */
  injectSimulatedScan: {
    input: z.object({ data: ScanDataSchema, symbology: AimIdSchema.optional() }).strict(),
    output: z.object({ scan: ScanViewSchema.nullable() }),
  },
  /** Staff (any role): a member from the local roster for the member panel, or null when not in it. */
  lookupMember: { input: z.object({ memberNo: MemberNoSchema }).strict(), output: MemberSummarySchema.nullable() },
} as const satisfies Record<string, MethodSchema>;

export const scannerEvents = {
  /** A classified scan from any source (double reads already dropped). */
  scan: ScanViewSchema,
  /** One source's status changed. */
  scannerStatus: ScannerSourceStatusSchema,
} as const;

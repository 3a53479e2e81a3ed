/**
 * Schemas shared by every part of the kiosk API: languages, connectivity, errors, staff.
 * Domain API modules (api/*.ts) import from here; kiosk-api.ts merges them into one API.
 */
import { z } from 'zod';
import { KioskErrorSchema } from '../kiosk-error-schema';
import { LANGUAGES } from '../kiosk-names';
import { AuditAnchorStatusSchema } from './audit-anchor';

export { LANGUAGES };
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const HostModeSchema = z.enum(['electron', 'web']);
export type HostMode = z.infer<typeof HostModeSchema>;

export const ConnectivityStateSchema = z.enum(['online', 'degraded', 'offline']);
export type ConnectivityState = z.infer<typeof ConnectivityStateSchema>;

export const ConnectivitySchema = z.object({
  state: ConnectivityStateSchema,
  /** When the portal was last asked (epoch ms), null before the first probe. */
  checkedAt: z.number().nullable(),
  /** When the portal last answered (epoch ms). */
  lastOnlineAt: z.number().nullable(),
});
export type Connectivity = z.infer<typeof ConnectivitySchema>;

export { KioskErrorSchema };

export const StaffRoleSchema = z.enum(['cashier', 'supervisor', 'admin']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const StaffMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

export const StaffSessionSchema = z.object({
  staff: StaffMemberSchema,
  signedInAt: z.number(),
  /** Auto sign-out moment (epoch ms); every staff call pushes it forward. */
  expiresAt: z.number(),
  /** An admin reset the PIN: the person sets a new one before anything else. */
  mustChangePin: z.boolean(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

/** What every screen needs to know about the kiosk, staff or not. */
export const KioskStateSchema = z.object({
  hostMode: HostModeSchema,
  demo: z.boolean(),
  defaultLanguage: LanguageSchema,
  idleTimeoutSeconds: z.number().int().positive(),
  idleWarningSeconds: z.number().int().positive(),
  /** Pages the student's phone opens by QR: the password guide (done screen), the online e-mail change form (null: not offered). */
  guides: z.object({ passwordGuideUrl: z.url(), emailChangeFormUrl: z.url().nullable() }),
  /** A receipt printer is configured: the sign-up's done screen offers the printed hand-off slip. */
  receiptPrinter: z.boolean(),
  /** The store's IANA time zone (admin settings): staff screens show ledger and log times in it, like receipts and the CSV. */
  timeZone: z.string().min(1),
  connectivity: ConnectivitySchema,
  /** Set when the database cannot be used: the UI shows a fault screen instead of the flows. */
  databaseProblem: KioskErrorSchema.nullable(),
  /** No staff yet outside demo mode: the first-administrator set-up screen is shown (code printed on stdout). */
  setupRequired: z.boolean(),
  /** When this core started (epoch ms): a restart gives a new value, which the page waits for. */
  startedAt: z.number(),
});
export type KioskState = z.infer<typeof KioskStateSchema>;

/** The at-rest key's state for the staff status screen (what a lost key took with it). */
export const AtRestKeyStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({ state: z.literal('unavailable'), message: z.string() }),
  z.object({
    state: z.literal('replaced'),
    report: z.object({
      detectedAt: z.number(),
      operations: z.array(z.object({ seq: z.number().int(), kind: z.string(), memberNo: z.string(), createdAt: z.number() })),
      drafts: z.number().int(),
      rosterRows: z.number().int(),
      registerNames: z.number().int(),
    }),
  }),
]);
export type AtRestKeyStatusView = z.infer<typeof AtRestKeyStatusSchema>;

export const StaffStatusSchema = z.object({
  hostMode: HostModeSchema,
  version: z.string(),
  demo: z.boolean(),
  database: z.object({
    path: z.string(),
    schemaVersion: z.number().int().nullable(),
    latestSchemaVersion: z.number().int(),
    problem: KioskErrorSchema.nullable(),
  }),
  portal: z.object({
    url: z.string(),
    embedded: z.boolean(),
    connectivity: ConnectivitySchema,
    /** Why it is not online, as a sync reason code, when it is not. */
    reason: z.string().nullable(),
  }),
  /** The outbox: depth, oldest item, last sync, dead letters. Null while the database is down. */
  sync: z
    .object({
      depth: z.number().int(),
      oldestAgeMs: z.number().nullable(),
      lastSuccessAt: z.number().nullable(),
      lastError: z.object({ reason: z.string(), code: z.string(), message: z.string(), at: z.number() }).nullable(),
      deadLetters: z.number().int(),
    })
    .nullable(),
  /** Whether the audit log still matches its anchor at the portal (SECURITY.md §7). Null while the database is down. */
  auditAnchor: AuditAnchorStatusSchema.nullable(),
  /** Whether the at-rest key opens what it sealed; after a lost key, exactly what personal data is gone. */
  atRestKey: AtRestKeyStatusSchema,
});
export type StaffStatus = z.infer<typeof StaffStatusSchema>;

export const NoInput = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });

/** One method: strict input schema, output schema. */
export interface MethodSchema {
  input: z.ZodType;
  output: z.ZodType;
}

export type AtRestKeyStatus = z.infer<typeof AtRestKeyStatusSchema>;

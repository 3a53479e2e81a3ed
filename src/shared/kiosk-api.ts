/**
 * The kiosk API: the one contract between the renderer and the kiosk core, whichever host
 * carries it (Electron IPC or the web host's HTTP + WebSocket). Every call is validated with
 * these schemas on both sides of the boundary; every result is an envelope, never a throw,
 * so typed errors survive IPC and HTTP unchanged.
 */
import { z } from 'zod';
import { KIOSK_ERROR_CODES, type KioskErrorShape } from './errors';
import type { KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from './kiosk-names';

export const LANGUAGES = ['ja', 'en'] as const;
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

export const KioskErrorSchema = z.object({
  code: z.enum(KIOSK_ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

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
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

/** What every screen needs to know about the kiosk, staff or not. */
export const KioskStateSchema = z.object({
  hostMode: HostModeSchema,
  demo: z.boolean(),
  defaultLanguage: LanguageSchema,
  idleTimeoutSeconds: z.number().int().positive(),
  idleWarningSeconds: z.number().int().positive(),
  connectivity: ConnectivitySchema,
  /** Set when the database cannot be used: the UI shows a fault screen instead of the flows. */
  databaseProblem: KioskErrorSchema.nullable(),
});
export type KioskState = z.infer<typeof KioskStateSchema>;

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
  }),
});
export type StaffStatus = z.infer<typeof StaffStatusSchema>;

const NoInput = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** Method name → input and output schemas. Inputs are strict: unknown fields are refused. */
export const kioskApi = {
  getKioskState: { input: NoInput, output: KioskStateSchema },
  /** The student's session ended (done, cancelled or idle): forget everything it held. */
  endSession: { input: NoInput, output: Ok },
  staffSignIn: {
    input: z.object({ pin: z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.') }).strict(),
    output: StaffSessionSchema,
  },
  staffSignOut: { input: NoInput, output: Ok },
  getStaffSession: { input: NoInput, output: StaffSessionSchema.nullable() },
  getStaffStatus: { input: NoInput, output: StaffStatusSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type KioskApi = typeof kioskApi;
export type KioskMethod = keyof KioskApi;
export type KioskInput<M extends KioskMethod> = z.input<KioskApi[M]['input']>;
export type KioskOutput<M extends KioskMethod> = z.output<KioskApi[M]['output']>;
export const KIOSK_METHODS = Object.keys(kioskApi) as KioskMethod[];

// The preload's name lists must match the schemas exactly (fails to compile otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodNamesMatch: Same<KioskMethod, (typeof KIOSK_METHOD_NAMES)[number]> = true;
void methodNamesMatch;

export function isKioskMethod(name: unknown): name is KioskMethod {
  return typeof name === 'string' && Object.hasOwn(kioskApi, name);
}

/** Events pushed from the core to the renderer. */
export const kioskEvents = {
  connectivity: ConnectivitySchema,
  /** The staff session changed (signed in, out, or signed out automatically). */
  staffSession: StaffSessionSchema.nullable(),
} as const satisfies Record<string, z.ZodType>;

export type KioskEventName = keyof typeof kioskEvents;
export type KioskEventPayload<E extends KioskEventName> = z.output<(typeof kioskEvents)[E]>;
export const KIOSK_EVENT_NAMES = Object.keys(kioskEvents) as KioskEventName[];
const eventNamesMatch: Same<KioskEventName, (typeof KIOSK_EVENT_NAME_LIST)[number]> = true;
void eventNamesMatch;

export interface KioskEventEnvelope<E extends KioskEventName = KioskEventName> {
  event: E;
  payload: KioskEventPayload<E>;
}

export type KioskResult<T> = { ok: true; value: T } | { ok: false; error: KioskErrorShape };

/**
 * `window.kiosk`: one named function per method, each resolving to an envelope, plus `on`.
 * Electron's preload and the web host's bridge both implement exactly this.
 */
export type KioskBridge = {
  [M in KioskMethod]: (input: KioskInput<M>) => Promise<KioskResult<KioskOutput<M>>>;
} & {
  on<E extends KioskEventName>(event: E, listener: (payload: KioskEventPayload<E>) => void): () => void;
};

/** Largest request body either host accepts, in bytes. */
export const MAX_CALL_BYTES = 64 * 1024;

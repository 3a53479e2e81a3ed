/**
 * The kiosk API: the one contract between the renderer and the kiosk core, whichever host
 * carries it (Electron IPC or the web host's HTTP + WebSocket). Every call is validated with
 * these schemas on both sides of the boundary; every result is an envelope, never a throw,
 * so typed errors survive IPC and HTTP unchanged.
 */
import type { z } from 'zod';
import type { KioskErrorShape } from './errors';
import type { MethodSchema } from './api/common';
import { shellEvents, shellMethods } from './api/shell';
import { staffEvents, staffMethods } from './api/staff';
import { syncEvents, syncMethods } from './api/sync';
import { scannerEvents, scannerMethods } from './api/scanner';
import { registrationEvents, registrationMethods } from './api/registration';
import { repairMethods } from './api/repair';
import { registerEvents, registerMethods } from './api/register';
import { adminEvents, adminMethods } from './api/admin';
import { logEvents, logMethods } from './api/log';
import { settingsEvents, settingsMethods } from './api/settings';
import { printerEvents, printerMethods } from './api/printer';
import { kioskModeEvents, kioskModeMethods } from './api/kiosk-mode';
import type { KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from './kiosk-names';

/**
 * Method name → input and output schemas, merged from the domain modules in ./api.
 * Inputs are strict: unknown fields are refused. A new domain adds its module here and its
 * names to kiosk-names.ts (the compile-time checks below keep the two in step).
 */
export const kioskApi = {
  ...shellMethods,
  ...staffMethods,
  ...syncMethods,
  ...scannerMethods,
  ...registerMethods,
  ...registrationMethods,
  ...repairMethods,
  ...adminMethods,
  ...logMethods,
  ...settingsMethods,
  ...printerMethods,
  ...kioskModeMethods,
} as const satisfies Record<string, MethodSchema>;

export * from './api/common';

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
  ...shellEvents,
  ...staffEvents,
  ...syncEvents,
  ...scannerEvents,
  ...registerEvents,
  ...registrationEvents,
  ...adminEvents,
  ...logEvents,
  ...settingsEvents,
  ...printerEvents,
  ...kioskModeEvents,
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

/**
 * The kiosk API's schemas, loaded per domain on first use. The renderer still validates every
 * input before it leaves and every answer and event where it arrives (client.ts); only *when*
 * the schemas are built changed: zod and the ~80 methods' schemas are not part of the attract
 * screen's first chunk, and a screen pays only for the domains it talks to (issue 18).
 */
import type { z } from 'zod';
import type { MethodSchema } from '@shared/api/common';
import type { KioskEventName, KioskMethod } from '@shared/kiosk-api';
import { KIOSK_EVENT_DOMAINS, KIOSK_METHOD_DOMAINS, type KioskDomain } from '@shared/kiosk-domains';
import type * as Admin from '@shared/api/admin';
import type * as KioskMode from '@shared/api/kiosk-mode';
import type * as Log from '@shared/api/log';
import type * as Printer from '@shared/api/printer';
import type * as Register from '@shared/api/register';
import type * as Registration from '@shared/api/registration';
import type * as Repair from '@shared/api/repair';
import type * as Scanner from '@shared/api/scanner';
import type * as Settings from '@shared/api/settings';
import type * as Shell from '@shared/api/shell';
import type * as Staff from '@shared/api/staff';
import type * as Sync from '@shared/api/sync';

interface DomainSchemas {
  methods: Readonly<Record<string, MethodSchema>>;
  events: Readonly<Record<string, z.ZodType>>;
}

/** One dynamic import per domain module: each becomes its own chunk (with zod shared between them). */
const DOMAIN_MODULES: Record<KioskDomain, () => Promise<DomainSchemas>> = {
  shell: () => import('@shared/api/shell').then((m) => ({ methods: m.shellMethods, events: m.shellEvents })),
  staff: () => import('@shared/api/staff').then((m) => ({ methods: m.staffMethods, events: m.staffEvents })),
  sync: () => import('@shared/api/sync').then((m) => ({ methods: m.syncMethods, events: m.syncEvents })),
  scanner: () => import('@shared/api/scanner').then((m) => ({ methods: m.scannerMethods, events: m.scannerEvents })),
  registration: () => import('@shared/api/registration').then((m) => ({ methods: m.registrationMethods, events: m.registrationEvents })),
  repair: () => import('@shared/api/repair').then((m) => ({ methods: m.repairMethods, events: {} })),
  register: () => import('@shared/api/register').then((m) => ({ methods: m.registerMethods, events: m.registerEvents })),
  admin: () => import('@shared/api/admin').then((m) => ({ methods: m.adminMethods, events: m.adminEvents })),
  log: () => import('@shared/api/log').then((m) => ({ methods: m.logMethods, events: m.logEvents })),
  settings: () => import('@shared/api/settings').then((m) => ({ methods: m.settingsMethods, events: m.settingsEvents })),
  printer: () => import('@shared/api/printer').then((m) => ({ methods: m.printerMethods, events: m.printerEvents })),
  kioskMode: () => import('@shared/api/kiosk-mode').then((m) => ({ methods: m.kioskModeMethods, events: m.kioskModeEvents })),
};

const loading = new Map<KioskDomain, Promise<DomainSchemas>>();
/** Domains whose module has arrived: their events are checked and delivered synchronously. */
const ready = new Map<KioskDomain, DomainSchemas>();

function domainSchemas(domain: KioskDomain): Promise<DomainSchemas> {
  let schemas = loading.get(domain);
  if (!schemas) {
    schemas = DOMAIN_MODULES[domain]();
    schemas.then(
      (loaded) => ready.set(domain, loaded),
      // A failed load (the host went away mid-fetch) is tried again on the next call.
      () => loading.delete(domain),
    );
    loading.set(domain, schemas);
  }
  return schemas;
}

/** The input and output schemas of a method, from its domain module. */
export async function methodSchema(method: KioskMethod): Promise<MethodSchema> {
  const schema = (await domainSchemas(KIOSK_METHOD_DOMAINS[method])).methods[method];
  if (!schema) throw new Error(`No schema for the kiosk method ${method}: kiosk-domains.ts names the wrong domain.`);
  return schema;
}

/** The payload schema of an event, from its domain module. */
export async function eventSchema(event: KioskEventName): Promise<z.ZodType> {
  const schema = (await domainSchemas(KIOSK_EVENT_DOMAINS[event])).events[event];
  if (!schema) throw new Error(`No schema for the kiosk event ${event}: kiosk-domains.ts names the wrong domain.`);
  return schema;
}

/** The payload schema of an event if its domain has already loaded (no waiting), else undefined. */
export function loadedEventSchema(event: KioskEventName): z.ZodType | undefined {
  return ready.get(KIOSK_EVENT_DOMAINS[event])?.events[event];
}

// The domain table must name exactly the methods and events each module defines (fails to compile otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MethodsOf<D extends KioskDomain> = { [M in keyof typeof KIOSK_METHOD_DOMAINS]: (typeof KIOSK_METHOD_DOMAINS)[M] extends D ? M : never }[keyof typeof KIOSK_METHOD_DOMAINS];
type EventsOf<D extends KioskDomain> = { [E in keyof typeof KIOSK_EVENT_DOMAINS]: (typeof KIOSK_EVENT_DOMAINS)[E] extends D ? E : never }[keyof typeof KIOSK_EVENT_DOMAINS];
interface DomainModules {
  shell: [typeof Shell.shellMethods, typeof Shell.shellEvents];
  staff: [typeof Staff.staffMethods, typeof Staff.staffEvents];
  sync: [typeof Sync.syncMethods, typeof Sync.syncEvents];
  scanner: [typeof Scanner.scannerMethods, typeof Scanner.scannerEvents];
  registration: [typeof Registration.registrationMethods, typeof Registration.registrationEvents];
  repair: [typeof Repair.repairMethods, Record<never, never>];
  register: [typeof Register.registerMethods, typeof Register.registerEvents];
  admin: [typeof Admin.adminMethods, typeof Admin.adminEvents];
  log: [typeof Log.logMethods, typeof Log.logEvents];
  settings: [typeof Settings.settingsMethods, typeof Settings.settingsEvents];
  printer: [typeof Printer.printerMethods, typeof Printer.printerEvents];
  kioskMode: [typeof KioskMode.kioskModeMethods, typeof KioskMode.kioskModeEvents];
}
type TableMatches = { [D in KioskDomain]: [Same<MethodsOf<D>, keyof DomainModules[D][0]>, Same<EventsOf<D>, keyof DomainModules[D][1]>] };
const tableMatches: TableMatches extends Record<KioskDomain, [true, true]> ? true : false = true;
void tableMatches;

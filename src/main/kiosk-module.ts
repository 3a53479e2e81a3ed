import type { z } from 'zod';
import type { HostMode, KioskEventName, KioskEventPayload, KioskMethod, KioskOutput, kioskApi } from '../shared/kiosk-api';
import type { KioskConfig } from './config';
import type { SqliteDatabase } from './db/database';
import type { StaffService } from './staff/staff-service';
import type { OutboxHandlers } from './sync/outbox';
import type { SyncServices } from './core/services';
import type { DraftCipher } from './db/sealing';
import type { ScanEvent } from './scanner/hub';

/**
 * What every domain module of the core gets: configuration, clock, log, the event stream, and
 * the shared services. `db()` and `staff()` throw the database's KioskError when the database
 * could not be opened, so every handler answers with that error instead of crashing.
 */
export interface CoreContext {
  config: KioskConfig;
  hostMode: HostMode;
  version: string;
  demo: boolean;
  portal: { url: string; embedded: boolean };
  now(): number;
  log(line: string): void;
  emit<E extends KioskEventName>(event: E, payload: KioskEventPayload<E>): void;
  db(): SqliteDatabase;
  staff(): StaffService;
  /** Portal client, outbox + sync engine, roster / member directory, connectivity. */
  sync(): SyncServices;
  /** A recent scan of the scanner hub by id, with its full data (app tokens included); null when gone. */
  findScan(scanId: string): ScanEvent | null;
  /**
   * The cipher of the at-rest key (safeStorage in the app, a 0600 key file in the web host),
   * loaded on first use: drafts, queued payloads, roster names and names on register rows are
   * sealed with it. Throws when the key cannot be read.
   */
  sealing(): DraftCipher;
  /** Drops the key from memory (the admin wipe, after removing its files): the next `sealing()` makes a fresh key. */
  forgetSealingKey(): void;
}

/** A handler receives the input after validation (defaults applied). */
export type HandlerInput<M extends KioskMethod> = z.output<(typeof kioskApi)[M]['input']>;
export type Handler<M extends KioskMethod> = (input: HandlerInput<M>) => Promise<KioskOutput<M>> | KioskOutput<M>;
export type HandlerMap = { [M in KioskMethod]?: Handler<M> };

/**
 * One domain of the core (shell, staff, scanners, sync, registration, register…): its
 * handlers and, if it owns services, how they start and stop.
 */
export interface CoreModule {
  handlers: HandlerMap;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Called at the end of a student's session (idle, done, cancelled): forget its data. */
  endSession?(): Promise<void> | void;
  /** What happens to this domain's rows when the portal applies or refuses its outbox operations. */
  outboxHandlers?: OutboxHandlers;
}

export type CoreModuleFactory = (context: CoreContext) => CoreModule;

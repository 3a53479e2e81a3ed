import type { z } from 'zod';
import type { HostMode, KioskEventName, KioskEventPayload, KioskMethod, KioskOutput, kioskApi } from '../shared/kiosk-api';
import type { KioskConfig } from './config';
import type { SqliteDatabase } from './db/database';
import type { OutboxHandlers } from './sync/outbox';

/**
 * The contract between the rooms of the core and the composition root (src/main/core): a room
 * exports a factory that takes the few small interfaces it needs and returns a `CoreModule`.
 * Only the composition root knows every room and builds those interfaces.
 */

/** What every room gets: configuration, host, clock, log and the event stream. */
export interface CoreBasics {
  config: KioskConfig;
  hostMode: HostMode;
  version: string;
  demo: boolean;
  /** The portal the kiosk talks to; `embedded` when it is the in-process reference portal. */
  portalLink: { url: string; embedded: boolean };
  /** When this core started (epoch ms): a restart makes a new core with a new value. */
  startedAt: number;
  now(): number;
  log(line: string): void;
  emit<E extends KioskEventName>(event: E, payload: KioskEventPayload<E>): void;
}

/** The database, once open: throws the database's KioskError when it could not be opened, so a handler answers with it. */
export interface DatabaseAccess {
  db(): SqliteDatabase;
}

/** A handler receives the input after validation (defaults applied). */
export type HandlerInput<M extends KioskMethod> = z.output<(typeof kioskApi)[M]['input']>;
export type Handler<M extends KioskMethod> = (input: HandlerInput<M>) => Promise<KioskOutput<M>> | KioskOutput<M>;
export type HandlerMap = { [M in KioskMethod]?: Handler<M> };

/** One room of the core (shell, staff, scanners, sync, counter, cashier…): its handlers and, if it owns services, how they start and stop. */
export interface CoreModule {
  handlers: HandlerMap;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Called at the end of a student's session (idle, done, cancelled): forget its data. */
  endSession?(): Promise<void> | void;
  /** What happens to this room's rows when the portal applies or refuses its outbox operations (registered with the sync engine). */
  outboxHandlers?: OutboxHandlers;
}

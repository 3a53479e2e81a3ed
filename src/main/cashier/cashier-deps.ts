import type { RegisterMember, RegisterPrinter, RegisterQueue } from '../../shared/api/register';
import type { KioskErrorCode } from '../../shared/errors';
import type { AppTokenResolution } from '../../shared/portal-api/types';
import type { CashierSettings, RegisterConfig } from '../config';
import type { SqliteDatabase } from '../db/database';
import type { SealingSource } from '../db/sealing';
import type { MemberSource } from '../members';
import type { ScanLookup } from '../scanner';
import type { StaffGate } from '../staff';
import type { SyncProgress } from '../sync';

/** What the cashier needs of the portal: whether it answers, its app-token resolution, and the engine's progress. */
export interface CashierPortal {
  online(): boolean;
  resolveAppToken(token: string): Promise<AppTokenResolution>;
  engine: SyncProgress;
  /** Called when connectivity changes; returns the unsubscribe. */
  onConnectivityChange(listener: () => void): () => void;
}

/** Whether the portal said this kiosk is disabled; cleared by the next successful portal call. */
export interface KioskStanding {
  disabled: boolean;
}

/** The cashier room's dependencies, handed out by the composition root (each a small interface). */
export interface CashierDeps {
  /** The register's amounts and limits in force (admin settings, read at each use: a change applies at once) and the cashier's store settings. */
  config(): RegisterConfig & CashierSettings;
  /** This kiosk's device id (configuration), for the CSV's file name. */
  deviceId: string;
  now(): number;
  db(): SqliteDatabase;
  staff(): StaffGate;
  members(): MemberSource;
  portal(): CashierPortal;
  /** The core's at-rest key: member names on register rows are sealed with it. */
  sealing: SealingSource;
  findScan: ScanLookup;
  /** The queue (offline bar) changed. */
  onQueue(queue: RegisterQueue): void;
  /** A receipt printer's status changed. */
  onPrinters?(printers: RegisterPrinter[]): void;
  /** A panel first answered from the roster got the portal's live figures. */
  onMemberRefreshed(panel: RegisterMember): void;
  log(line: string): void;
  standing: KioskStanding;
}

/**
 * The kiosk codes that mean "the portal gave no live answer": the panel falls back to the
 * roster, an app barcode cannot be used. `internal` included: a failed call the client could
 * not even classify is still no answer.
 */
export function noLiveAnswer(code: KioskErrorCode): boolean {
  return code === 'portal_offline' || code === 'portal_error' || code === 'internal';
}

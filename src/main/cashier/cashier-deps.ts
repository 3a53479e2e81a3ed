import type { RegisterMember, RegisterPrinter, RegisterQueue } from '../../shared/api/register';
import type { KioskErrorCode } from '../../shared/errors';
import type { AppTokenResolution } from '../../shared/portal-api/types';
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

/** The cashier register's amounts and offline floor limits (yen), from the settings in force. */
export interface RegisterConfig {
  /** Preset top-up buttons. */
  topupPresets: number[];
  /** Largest top-up the kiosk queues offline (mirror of the portal's per-transaction limit). */
  topupMax: number;
  /** Largest balance an offline top-up may lead to (mirror of the portal's balance limit). */
  balanceMax: number;
  offline: {
    /** Whether payments are taken at all while the portal is unreachable. */
    payments: boolean;
    /** Largest single offline payment. */
    perTransaction: number;
    /** Largest sum of unsent offline payments of one member. */
    perMember: number;
    /** Largest sum of unsent offline payments on this kiosk. */
    kioskTotal: number;
    /** Oldest an unsent transaction or a member's known balance may be (hours, at most 72). */
    maxAgeMs: number;
  };
  /** How long a confirmation waits for the portal's answer before it is queued (ms). */
  onlineWaitMs: number;
  /** Cash in the drawer at the start of the day. */
  drawerFloat: number;
  /** How long member names (and flag notes) stay on register rows before the sweep blanks them (ms; 1–365 days). */
  nameRetentionMs: number;
}

/** The cashier's store settings beside the register limits (issue 15), from the settings in force. */
export interface CashierSettings {
  /** The store's time zone (IANA): the business day, receipt and CSV times. */
  timeZone: string;
  /** Payments on a typed member number (no card, no app token): allowed, with a supervisor's approval, or refused. */
  typedPayments: 'allow' | 'approve' | 'refuse';
  /** Receipt printer URIs (none: no printed receipts), the store header, and whether the member's name is printed. */
  printers: string[];
  /** The printers (URIs) whose drawer port has the cash drawer: only these get ESC p. */
  drawerPrinters: string[];
  storeName: string;
  storeAddress: string;
  receiptMemberName: boolean;
}

/** The cashier room's dependencies, handed out by the composition root (each a small interface). */
export interface CashierDeps {
  /** The register's amounts and limits in force and the cashier's store settings (admin settings, read at each use: a change applies at once). */
  config(): RegisterConfig & CashierSettings;
  /** Calls `listener` when the receipt printer list changes; returns the unsubscribe. */
  onPrintersChanged?(listener: () => void): () => void;
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

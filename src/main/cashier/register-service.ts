/**
 * The cashier register's logic (DESIGN.md §3.3): member panel from a scan, top-ups and payments,
 * the offline rules, app tokens, void of the last transaction, end-of-day.
 *
 * Money path of a confirmation:
 *   1. checks that need no writing (session, token, balance or offline limits);
 *   2. ONE transaction writes wallet row + outbox row (per-kiosk seq) + register row + audit,
 *      under the client request id the register created before any network (synchronous=FULL);
 *   3. online: the sync engine is kicked and the call waits (bounded) for the portal's answer,
 *      which the engine records; offline (or no answer in time): the transaction is queued.
 * The call answers only after step 2 committed, so the screen can never say "done" for a
 * transaction that is not on disk. A repeated call with the same id (double tap, retry after a
 * lost answer) gets the first answer and never writes twice.
 */
import { randomBytes } from 'node:crypto';
import type { ConfirmResult, EndOfDay, RegisterMember, RegisterQueue, RegisterState, RegisterTransaction } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import type { StaffMember } from '../../shared/kiosk-api';
import type { RegisterConfig } from '../config';
import type { SqliteDatabase } from '../db/database';
import type { ScanEvent } from '../scanner/hub';
import type { StaffService } from '../staff/staff-service';
import { toLocalMember, type LocalMember, type MemberLookup, type RosterStore } from '../members/roster';
import type { SealingSource } from '../db/sealing';
import type { SyncServices } from '../core/services';
import { appendAudit } from '../staff/audit';
import { getWalletTransaction } from './wallet-ledger';
import {
  businessDay,
  endOfDay,
  exportDayCsv,
  flaggedTransactions,
  getRegisterTransaction,
  markDeclinedAtCounter,
  memberBalance,
  offlineExposure,
  recordDrawerCount,
  recordSale,
  recordVoid,
  registerNames,
  registerQueue,
  resolveFlag,
  voidableTransaction,
  type RegisterNames,
  type RegisterSource,
} from './ledger';
import { checkOffline, offlineAllowance } from './limits';
import { declineError, portalCallError } from './portal-errors';

export interface RegisterServiceOptions {
  config: RegisterConfig;
  deviceId: string;
  now(): number;
  db(): SqliteDatabase;
  staff(): StaffService;
  sync(): SyncServices;
  /** The core's at-rest key: member names on register rows are sealed with it. */
  sealing: SealingSource;
  findScan(scanId: string): ScanEvent | null;
  /** The queue (offline bar) changed. */
  onQueue(queue: RegisterQueue): void;
  /** A panel first answered from the roster got the portal's live figures. */
  onMemberRefreshed(panel: RegisterMember): void;
  log(line: string): void;
}

interface HeldToken {
  token: string;
  memberNo: string;
  mode: 'pay' | 'points' | 'charge';
  expiresAt: number;
}

/** App tokens resolved for the open member panels (the token itself never leaves the core). */
const MAX_HELD_TOKENS = 16;

export interface ConfirmInput {
  clientRequestId: string;
  kind: 'topup' | 'payment';
  memberNo: string;
  amount: number;
  cashReceived?: number;
  tokenRef?: string;
}

export class RegisterService {
  private readonly tokens = new Map<string, HeldToken>();
  private readonly inFlight = new Map<string, Promise<ConfirmResult>>();
  /** Set when the portal said this kiosk is disabled; cleared by the next successful portal call. */
  private kioskDisabled = false;
  /** The live refresh of the panel on screen; a confirm waits for it so it knows what the portal said. */
  private liveRefresh: Promise<void> = Promise.resolve();
  private readonly names: RegisterNames;

  constructor(private readonly o: RegisterServiceOptions) {
    this.names = registerNames(o.sealing);
  }

  /** The local roster (names sealed with the core's key). */
  private roster(): RosterStore {
    return this.o.sync().roster.store;
  }

  // ---------------------------------------------------------------- state

  private online(): boolean {
    return this.o.sync().connectivity.state === 'online';
  }

  state(): RegisterState {
    this.o.staff().require('cashier');
    const db = this.o.db();
    const { config } = this.o;
    return {
      limits: {
        topupPresets: config.topupPresets,
        topupMax: config.topupMax,
        balanceMax: config.balanceMax,
        offline: {
          payments: config.offline.payments,
          perTransaction: config.offline.perTransaction,
          perMember: config.offline.perMember,
          kioskTotal: config.offline.kioskTotal,
          maxAgeHours: config.offline.maxAgeMs / 3_600_000,
        },
      },
      queue: registerQueue(db),
      voidable: voidableTransaction(db, this.o.now(), this.names),
      online: this.online(),
      today: businessDay(this.o.now()),
    };
  }

  queue(): RegisterQueue {
    return registerQueue(this.o.db());
  }

  /** Forget held app tokens (staff signed out, session ended). */
  forgetTokens(): void {
    this.tokens.clear();
  }

  // ---------------------------------------------------------------- member panel

  async openScan(scanId: string): Promise<RegisterMember> {
    this.o.staff().require('cashier');
    const scan = this.o.findScan(scanId);
    if (!scan) throw new KioskError('invalid_input', 'That scan is no longer known; scan again.');
    const c = scan.classification;
    if (c.kind === 'memberCard') return this.openMemberNo(c.memberNo, 'card');
    if (c.kind === 'appToken') return this.openToken(c.token);
    throw new KioskError('not_member_card', 'The scan is not a member card or app barcode.', { reason: c.reason });
  }

  async openMember(memberNo: string): Promise<RegisterMember> {
    this.o.staff().require('cashier');
    return this.openMemberNo(memberNo, 'manual');
  }

  private async openMemberNo(memberNo: string, source: RegisterSource): Promise<RegisterMember> {
    const cached = this.roster().byMemberNo(memberNo);
    if (cached && this.online()) {
      // The cashier sees the cached panel at once (DESIGN.md §6: scan to panel, roster cached);
      // the portal's live balance follows as an event a moment later.
      this.liveRefresh = this.refreshLive(memberNo, source);
      return this.panel(cached.member, false, cached.asOf, source, null);
    }
    let found: MemberLookup | null = cached;
    if (!cached && this.online()) found = await this.lookupLive(memberNo);
    if (!found) throw new KioskError('member_not_found', 'No member with that number.');
    return this.panel(found.member, found.source === 'portal', found.asOf, source, null);
  }

  private async lookupLive(memberNo: string): Promise<MemberLookup | null> {
    try {
      const found = await this.o.sync().directory.byMemberNo(memberNo);
      if (found?.source === 'portal') this.kioskDisabled = false;
      return found;
    } catch (error) {
      const mapped = portalCallError(error);
      if (mapped.code === 'kiosk_disabled') this.kioskDisabled = true;
      if (mapped.code !== 'portal_unavailable') throw mapped;
      return this.roster().byMemberNo(memberNo);
    }
  }

  private async refreshLive(memberNo: string, source: RegisterSource): Promise<void> {
    try {
      const found = await this.lookupLive(memberNo);
      if (found?.source === 'portal') this.o.onMemberRefreshed(this.panel(found.member, true, found.asOf, source, null));
    } catch (error) {
      this.o.log(`register: live refresh of a member panel failed (${error instanceof KioskError ? error.code : 'error'})`);
    }
  }

  private async openToken(token: string): Promise<RegisterMember> {
    // One-time tokens only the portal can resolve: never offline (Stripe / Square do the same with cards they cannot verify).
    if (!this.online()) throw new KioskError('app_token_offline', 'App barcodes cannot be used offline; use the physical member card.');
    let resolved;
    try {
      resolved = await this.o.sync().client.resolveAppToken(token);
      this.kioskDisabled = false;
    } catch (error) {
      const mapped = portalCallError(error);
      if (mapped.code === 'kiosk_disabled') this.kioskDisabled = true;
      if (mapped.code === 'portal_unavailable') throw new KioskError('app_token_offline', 'The portal cannot resolve the app barcode now; use the physical member card.');
      throw mapped;
    }
    const member = resolved.member;
    const parsed = Date.parse(member.asOf);
    const asOf = Number.isNaN(parsed) ? this.o.now() : parsed;
    this.roster().refresh(member, asOf);
    const ref = randomBytes(12).toString('base64url');
    this.tokens.set(ref, { token, memberNo: resolved.memberNo, mode: resolved.mode, expiresAt: Date.parse(resolved.expiresAt) });
    while (this.tokens.size > MAX_HELD_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
    return this.panel(toLocalMember(member), true, asOf, 'appToken', { ref, mode: resolved.mode });
  }

  private panel(member: LocalMember, live: boolean, asOf: number, source: RegisterSource, token: { ref: string; mode: HeldToken['mode'] } | null): RegisterMember {
    const db = this.o.db();
    const balance = memberBalance(db, member.memberNo, { balance: member.balance, asOf });
    let allowance: number | null = null;
    if (!this.online()) {
      const exposure = offlineExposure(db, member.memberNo);
      allowance = offlineAllowance(this.o.config, { balance, memberOfflinePayments: exposure.member, kioskOfflinePayments: exposure.kiosk, oldestPendingAt: exposure.oldestPendingAt, now: this.o.now() });
    }
    return {
      memberNo: member.memberNo,
      name: member.name,
      nameKana: member.nameKana,
      status: member.status,
      balance: { lastKnown: balance.lastKnown, pendingDebits: balance.pendingDebits, pendingCredits: balance.pendingCredits, available: balance.available },
      live: live && balance.asOf === asOf,
      asOf: balance.asOf,
      source,
      tokenMode: token?.mode ?? null,
      tokenRef: token?.ref ?? null,
      offlineAllowance: allowance,
    };
  }

  // ---------------------------------------------------------------- confirm

  confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const session = this.o.staff().require('cashier');
    const running = this.inFlight.get(input.clientRequestId);
    if (running) return running.then((result) => ({ ...result, replayed: true }));
    const existing = getRegisterTransaction(this.o.db(), input.clientRequestId, this.names);
    if (existing) return Promise.resolve(this.replay(existing, input));
    const run = this.firstConfirm(input, session.staff).finally(() => this.inFlight.delete(input.clientRequestId));
    this.inFlight.set(input.clientRequestId, run);
    return run;
  }

  /** The first answer again, for a repeated client request id (after the first call finished). */
  private replay(existing: RegisterTransaction, input: { kind: string; memberNo: string; amount: number }): ConfirmResult {
    if (existing.kind !== input.kind || existing.memberNo !== input.memberNo || existing.amount !== input.amount) {
      throw new KioskError('request_conflict', 'This transaction id was already used for another transaction.');
    }
    if (existing.state === 'declined') throw declineError(existing.declineCode, { clientRequestId: existing.clientRequestId });
    return { transaction: existing, outcome: existing.state === 'synced' ? 'done' : 'queued', replayed: true };
  }

  private async firstConfirm(input: ConfirmInput, cashier: StaffMember): Promise<ConfirmResult> {
    await this.liveRefresh;
    const db = this.o.db();
    const { config } = this.o;
    const now = this.o.now();
    let token: HeldToken | null = null;
    if (input.tokenRef !== undefined) {
      token = this.tokens.get(input.tokenRef) ?? null;
      if (!token || token.memberNo !== input.memberNo) throw new KioskError('token_unknown', 'Scan the app barcode again.');
      const wanted = input.kind === 'payment' ? 'pay' : 'charge';
      if (token.mode !== wanted) throw new KioskError('token_mode', `The app barcode was shown for ${token.mode}, not ${wanted}.`, { mode: token.mode });
      if (token.expiresAt <= now) throw new KioskError('token_expired', 'The app barcode has expired; ask for a new one.');
    }
    let cashReceived: number | null = null;
    let change: number | null = null;
    if (input.kind === 'topup') {
      cashReceived = input.cashReceived ?? input.amount;
      if (cashReceived < input.amount) throw new KioskError('invalid_input', 'The cash received is less than the top-up.', { field: 'cashReceived' });
      change = cashReceived - input.amount;
    } else if (input.cashReceived !== undefined) {
      throw new KioskError('invalid_input', 'A payment takes no cash.', { field: 'cashReceived' });
    }
    const known = this.roster().byMemberNo(input.memberNo);
    if (!known) throw new KioskError('member_not_found', 'Scan the member card again.');
    if (known.member.status !== 'active') throw new KioskError('member_not_active', 'The membership is not active.', { status: known.member.status });
    if (this.kioskDisabled) throw new KioskError('kiosk_disabled', 'The portal has disabled this kiosk.');

    const online = this.online();
    const balance = memberBalance(db, input.memberNo, { balance: known.member.balance, asOf: known.asOf });
    if (online) {
      // The panel's live balance minus what is still unsent: refuse before anything is written.
      if (input.kind === 'payment' && input.amount > balance.available) {
        throw new KioskError('insufficient_balance', 'The balance is not enough.', { available: balance.available, asOf: balance.asOf });
      }
    } else {
      const exposure = offlineExposure(db, input.memberNo);
      const refusal = checkOffline(config, {
        kind: input.kind,
        amount: input.amount,
        balance,
        memberOfflinePayments: exposure.member,
        kioskOfflinePayments: exposure.kiosk,
        oldestPendingAt: exposure.oldestPendingAt,
        withAppToken: token !== null,
        now,
      });
      if (refusal) {
        appendAudit(db, { at: now, staffId: cashier.id, action: 'register.offline_refused', detail: { kind: input.kind, memberNo: input.memberNo, amount: input.amount, code: refusal.code } });
        throw refusal;
      }
    }

    recordSale(db, {
      clientRequestId: input.clientRequestId,
      kind: input.kind,
      memberNo: input.memberNo,
      memberName: known.member.name,
      amount: input.amount,
      cashReceived,
      change,
      cashier,
      source: token ? 'appToken' : 'card',
      ...(token ? { appToken: token.token } : {}),
      offline: !online,
      now,
    }, this.names);
    // A one-time token is spent once it is in the ledger, whatever the portal answers.
    if (input.tokenRef !== undefined) this.tokens.delete(input.tokenRef);
    this.o.onQueue(registerQueue(db));
    return this.settle(input.clientRequestId, online, cashier);
  }

  /** After the commit: wait (bounded) for the portal when online; map a decline at the counter to its error. */
  private async settle(clientRequestId: string, online: boolean, cashier: StaffMember): Promise<ConfirmResult> {
    const db = this.o.db();
    if (online) await this.waitForPortal(clientRequestId);
    const view = getRegisterTransaction(db, clientRequestId, this.names) as RegisterTransaction;
    if (view.state === 'declined') {
      markDeclinedAtCounter(db, clientRequestId, cashier.id, this.o.now());
      this.o.onQueue(registerQueue(db));
      if (view.declineCode === 'terminal_is_invalidated') this.kioskDisabled = true;
      throw declineError(view.declineCode, { clientRequestId });
    }
    if (view.state === 'synced') this.kioskDisabled = false;
    else if (this.o.sync().engine.metrics().lastError?.reason === 'kiosk_disabled') this.kioskDisabled = true;
    return { transaction: view, outcome: view.state === 'synced' ? 'done' : 'queued', replayed: false };
  }

  /** Kicks the engine and resolves when the row left `pending`, the engine failed a step, or time is up. */
  private waitForPortal(clientRequestId: string): Promise<void> {
    const { engine } = this.o.sync();
    const db = this.o.db();
    const startedAt = this.o.now();
    return new Promise((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        unsubscribe();
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        const row = getWalletTransaction(db, clientRequestId);
        if (!row || row.state !== 'pending') return finish();
        const m = engine.metrics();
        // The portal stopped answering after this transaction was written: it stays queued.
        if (!m.inFlight && m.lastError && m.lastError.at >= startedAt && m.consecutiveFailures > 0) finish();
      };
      const unsubscribe = engine.onChange(check);
      const timer = setTimeout(finish, this.o.config.onlineWaitMs);
      engine.kick();
      check();
    });
  }

  // ---------------------------------------------------------------- void

  async voidLast(input: { clientRequestId: string; targetClientRequestId: string; supervisorPin?: string }): Promise<ConfirmResult> {
    const staff = this.o.staff();
    const session = staff.require('cashier');
    const running = this.inFlight.get(input.clientRequestId);
    if (running) return running.then((result) => ({ ...result, replayed: true }));
    const db = this.o.db();
    const existing = getRegisterTransaction(db, input.clientRequestId, this.names);
    if (existing) {
      if (existing.kind !== 'void' || existing.targetClientRequestId !== input.targetClientRequestId) throw new KioskError('request_conflict', 'This transaction id was already used.');
      if (existing.state === 'declined') throw declineError(existing.declineCode, { clientRequestId: existing.clientRequestId });
      return { transaction: existing, outcome: existing.state === 'synced' ? 'done' : 'queued', replayed: true };
    }
    const run = (async (): Promise<ConfirmResult> => {
      const target = voidableTransaction(db, this.o.now(), this.names);
      if (!target || target.clientRequestId !== input.targetClientRequestId) {
        throw new KioskError('void_not_allowed', 'Only the last transaction can be voided, once.');
      }
      let supervisor: StaffMember;
      if (session.staff.role === 'supervisor' || session.staff.role === 'admin') supervisor = session.staff;
      else if (input.supervisorPin === undefined) throw new KioskError('supervisor_required', 'A supervisor must approve a void.');
      else supervisor = await staff.verifySupervisor(input.supervisorPin, 'register.void');
      if (this.kioskDisabled) throw new KioskError('kiosk_disabled', 'The portal has disabled this kiosk.');
      const online = this.online();
      recordVoid(db, { clientRequestId: input.clientRequestId, target, cashier: session.staff, supervisor, offline: !online, now: this.o.now() }, this.names);
      this.o.onQueue(registerQueue(db));
      return this.settle(input.clientRequestId, online, session.staff);
    })().finally(() => this.inFlight.delete(input.clientRequestId));
    this.inFlight.set(input.clientRequestId, run);
    return run;
  }

  // ---------------------------------------------------------------- end of day, flags

  endOfDay(day?: string): EndOfDay {
    this.o.staff().require('cashier');
    return endOfDay(this.o.db(), day ?? businessDay(this.o.now()), this.o.config.drawerFloat, this.o.now());
  }

  recordCount(day: string, counted: number): EndOfDay {
    const { staff } = this.o.staff().require('cashier');
    const db = this.o.db();
    const report = endOfDay(db, day, this.o.config.drawerFloat, this.o.now());
    recordDrawerCount(db, { day, counted, expected: report.expectedCash, cashier: staff, now: this.o.now() });
    return endOfDay(db, day, this.o.config.drawerFloat, this.o.now());
  }

  exportCsv(day: string): { filename: string; csv: string; rows: number } {
    const { staff } = this.o.staff().require('cashier');
    const db = this.o.db();
    const { csv, rows } = exportDayCsv(db, day);
    appendAudit(db, { at: this.o.now(), staffId: staff.id, action: 'register.export_csv', detail: { day, rows } });
    const device = this.o.deviceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'kiosk';
    return { filename: `register-${day}-${device}.csv`, csv, rows };
  }

  flagged(): RegisterTransaction[] {
    this.o.staff().require('cashier');
    return flaggedTransactions(this.o.db(), this.names);
  }

  resolveFlag(clientRequestId: string, note: string): RegisterTransaction[] {
    const { staff } = this.o.staff().require('supervisor');
    const db = this.o.db();
    resolveFlag(db, clientRequestId, staff.id, note, this.o.now());
    this.o.onQueue(registerQueue(db));
    return flaggedTransactions(db, this.names);
  }
}

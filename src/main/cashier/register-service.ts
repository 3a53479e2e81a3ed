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
import type { ConfirmResult, EndOfDay, FlagOutcome, RegisterMember, RegisterQueue, RegisterState, RegisterTransaction } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import type { StaffMember } from '../../shared/kiosk-api';
import type { Approval } from '../../shared/api/staff';
import { appendAudit } from '../staff';
import { kioskCodeOf } from '../sync';
import type { CashierDeps } from './cashier-deps';
import { dayCsvRows, endOfDay, recordDrawerCount } from './end-of-day';
import { flagNotes, resolveFlag, type FlagNotes } from './flags';
import { registerCsv, type CsvEncoding, type CsvLanguage } from './register-csv';
import { InFlightRequests } from './in-flight';
import { supervisorApproval } from './supervisor-approval';
import { ReceiptPrinting } from './print-jobs';
import { ReceiptDesk } from './receipt-desk';
import { flaggedTransactions, getRegisterTransaction, memberBalance, offlineExposure, registerQueue, voidableTransaction } from './ledger';
import { checkOffline } from './limits';
import { MemberPanels, type HeldToken } from './member-panel';
import { businessDay, markDeclinedAtCounter, recordSale, recordVoid, registerNames, type RegisterNames } from './sales';
import { waitForPortal } from './after-commit';

/** A refusal the ledger recorded, as the register's error (with the portal's code in the details). */
function declineError(portalCode: string | null, clientRequestId: string): KioskError {
  return new KioskError(kioskCodeOf(portalCode, 'internal'), `The portal declined it (${portalCode ?? 'unknown'}).`, { clientRequestId, ...(portalCode ? { portalCode } : {}) });
}

export interface ConfirmInput {
  clientRequestId: string;
  kind: 'topup' | 'payment';
  memberNo: string;
  amount: number;
  cashReceived?: number;
  tokenRef?: string;
  /** A supervisor approving a payment on a typed member number (one-shot; never a sign-in). */
  approval?: Approval;
}

export class RegisterService {
  private readonly inFlight = new InFlightRequests();
  private readonly names: RegisterNames;
  private readonly notes: FlagNotes;
  private readonly panels: MemberPanels;
  readonly receipts: ReceiptPrinting;
  readonly receiptDesk: ReceiptDesk;

  constructor(private readonly o: CashierDeps) {
    this.names = registerNames(o.sealing);
    this.notes = flagNotes(o.sealing);
    this.panels = new MemberPanels(o);
    this.receipts = new ReceiptPrinting(
      () => {
        const c = o.config();
        return { printers: c.printers, drawers: c.drawerPrinters, storeName: c.storeName, storeAddress: c.storeAddress, memberName: c.receiptMemberName, timeZone: c.timeZone };
      },
      o.db,
      o.sealing,
      o.log,
      (printers) => o.onPrinters?.(printers),
    );
    this.receiptDesk = new ReceiptDesk(o, this.receipts, this.names);
  }

  /** The store's business day now (its time zone, not the process's). */
  private today(): string {
    return businessDay(this.o.now(), this.o.config().timeZone);
  }

  private online(): boolean {
    return this.o.portal().online();
  }

  state(): RegisterState {
    this.o.staff().require('cashier');
    const db = this.o.db();
    const config = this.o.config();
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
      voidable: voidableTransaction(db, this.today(), this.names),
      online: this.online(),
      today: this.today(),
      typedPayments: config.typedPayments,
      printers: this.receipts.statuses(),
    };
  }

  queue(): RegisterQueue {
    return registerQueue(this.o.db());
  }

  /** Forget held app tokens (staff signed out, session ended). */
  forgetTokens(): void {
    this.panels.forget();
  }

  openScan(scanId: string): Promise<RegisterMember> {
    return this.panels.openScan(scanId);
  }

  openMember(memberNo: string): Promise<RegisterMember> {
    return this.panels.openMember(memberNo);
  }

  // ---------------------------------------------------------------- confirm

  confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const session = this.o.staff().require('cashier');
    const running = this.inFlight.join(input.clientRequestId, input);
    if (running) return running;
    const existing = getRegisterTransaction(this.o.db(), input.clientRequestId, this.names);
    if (existing) return Promise.resolve(this.replay(existing, input));
    return this.inFlight.track(input.clientRequestId, input, this.firstConfirm(input, session.staff));
  }

  /** The first answer again, for a repeated client request id (after the first call finished). */
  private replay(existing: RegisterTransaction, input: { kind: string; memberNo: string; amount: number }): ConfirmResult {
    if (existing.kind !== input.kind || existing.memberNo !== input.memberNo || existing.amount !== input.amount) {
      throw new KioskError('request_conflict', 'This transaction id was already used for another transaction.');
    }
    if (existing.state === 'declined') throw declineError(existing.declineCode, existing.clientRequestId);
    return { transaction: existing, outcome: existing.state === 'synced' ? 'done' : 'queued', replayed: true };
  }

  private async firstConfirm(input: ConfirmInput, cashier: StaffMember): Promise<ConfirmResult> {
    await this.panels.liveRefresh;
    const db = this.o.db();
    const config = this.o.config();
    const now = this.o.now();
    let token: HeldToken | null = null;
    if (input.tokenRef !== undefined) {
      token = this.panels.tokens.get(input.tokenRef) ?? null;
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
    const source = token ? 'appToken' : this.panels.sourceOf(input.memberNo);
    const typedApprover = input.kind === 'payment' && source === 'manual' ? await this.approveTypedPayment(input.approval) : null;
    const known = this.o.members().roster.byMemberNo(input.memberNo);
    if (!known) throw new KioskError('member_not_found', 'Scan the member card again.');
    if (known.member.status !== 'active') throw new KioskError('member_not_active', 'The membership is not active.', { status: known.member.status });
    if (this.o.standing.disabled) throw new KioskError('kiosk_disabled', 'The portal has disabled this kiosk.');

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
      source,
      ...(token ? { appToken: token.token } : {}),
      offline: !online,
      typedApprovedBy: typedApprover?.id ?? null,
      now,
      day: businessDay(now, config.timeZone),
    }, this.names, (tx) => {
      if (!this.receipts.enabled) return;
      // The drawer opens for a cash top-up, never for a payment (no cash moves).
      const document = this.receipts.document({ kind: input.kind, amount: input.amount, cashReceived, change, balanceAfter: null, memberNo: input.memberNo, memberName: known.member.name, cashier: cashier.displayName, at: now, clientRequestId: input.clientRequestId });
      this.receipts.writeJobs(tx, input.clientRequestId, document, input.kind === 'topup', 'receipt', now);
    });
    // A one-time token is spent once it is in the ledger, whatever the portal answers.
    if (input.tokenRef !== undefined) this.panels.tokens.delete(input.tokenRef);
    this.o.onQueue(registerQueue(db));
    return this.settle(input.clientRequestId, online, cashier);
  }

  /**
   * A payment on a typed member number (no card, no app token) by the store's policy: allowed,
   * refused, or (the default) allowed with a supervisor's approval. Returns the approver.
   */
  private async approveTypedPayment(approval: Approval | undefined): Promise<StaffMember | null> {
    const policy = this.o.config().typedPayments;
    if (policy === 'allow') return null;
    if (policy === 'refuse') throw new KioskError('typed_number_refused', 'Payments on a typed member number are refused here: scan the card or the app barcode.');
    return supervisorApproval(this.o.staff(), approval, 'register.typed_payment');
  }

  /** After the commit: wait (bounded) for the portal when online; map a decline at the counter to its error. */
  private async settle(clientRequestId: string, online: boolean, cashier: StaffMember): Promise<ConfirmResult> {
    const db = this.o.db();
    if (online) await waitForPortal(this.o.portal().engine, db, clientRequestId, this.o.now(), this.o.config().onlineWaitMs);
    const view = getRegisterTransaction(db, clientRequestId, this.names) as RegisterTransaction;
    // The receipt prints now, with the portal's balance when it answered (a refusal prints nothing).
    this.receiptDesk.release(view);
    if (view.state === 'declined') {
      markDeclinedAtCounter(db, clientRequestId, cashier.id, this.o.now());
      this.o.onQueue(registerQueue(db));
      if (view.declineCode === 'terminal_is_invalidated') this.o.standing.disabled = true;
      throw declineError(view.declineCode, clientRequestId);
    }
    if (view.state === 'synced') this.o.standing.disabled = false;
    else if (this.o.portal().engine.metrics().lastError?.reason === 'kiosk_disabled') this.o.standing.disabled = true;
    return { transaction: view, outcome: view.state === 'synced' ? 'done' : 'queued', replayed: false };
  }

  // ---------------------------------------------------------------- void

  async voidLast(input: { clientRequestId: string; targetClientRequestId: string; approval?: Approval }): Promise<ConfirmResult> {
    const staff = this.o.staff();
    const session = staff.require('cashier');
    const running = this.inFlight.join(input.clientRequestId, input);
    if (running) return running;
    const db = this.o.db();
    const existing = getRegisterTransaction(db, input.clientRequestId, this.names);
    if (existing) {
      if (existing.kind !== 'void' || existing.targetClientRequestId !== input.targetClientRequestId) throw new KioskError('request_conflict', 'This transaction id was already used.');
      if (existing.state === 'declined') throw declineError(existing.declineCode, existing.clientRequestId);
      return { transaction: existing, outcome: existing.state === 'synced' ? 'done' : 'queued', replayed: true };
    }
    const run = (async (): Promise<ConfirmResult> => {
      // Asked before the approval so a stale screen is told at once; asked AGAIN below.
      this.voidTarget(input.targetClientRequestId);
      const supervisor = await staff.approver(input.approval, 'supervisor', 'register.void');
      if (this.o.standing.disabled) throw new KioskError('kiosk_disabled', 'The portal has disabled this kiosk.');
      const online = this.online();
      // The check and the write in ONE synchronous transaction after the await: of two voids of
      // one sale (two ids, in parallel), only the first writes (finding 3).
      db.transaction(() => {
        const target = this.voidTarget(input.targetClientRequestId);
        const now = this.o.now();
        recordVoid(db, { clientRequestId: input.clientRequestId, target, cashier: session.staff, supervisor, offline: !online, now, day: this.today() }, this.names);
        // The 会計控え copy commits with the void.
        this.receiptDesk.writeVoidCopy(db, { clientRequestId: input.clientRequestId, target, now });
      }).immediate();
      this.o.onQueue(registerQueue(db));
      return this.settle(input.clientRequestId, online, session.staff);
    })();
    return this.inFlight.track(input.clientRequestId, input, run);
  }

  private voidTarget(targetClientRequestId: string): RegisterTransaction {
    const target = voidableTransaction(this.o.db(), this.today(), this.names);
    if (!target || target.clientRequestId !== targetClientRequestId) throw new KioskError('void_not_allowed', 'Only the last transaction can be voided, once.');
    return target;
  }

  // ---------------------------------------------------------------- end of day, flags

  endOfDay(day?: string): EndOfDay {
    this.o.staff().require('cashier');
    return endOfDay(this.o.db(), day ?? this.today(), this.o.config().drawerFloat, this.o.now());
  }

  recordCount(day: string, counted: number): EndOfDay {
    const { staff } = this.o.staff().require('cashier');
    const db = this.o.db();
    const report = endOfDay(db, day, this.o.config().drawerFloat, this.o.now());
    recordDrawerCount(db, { day, counted, expected: report.expectedCash, cashier: staff, now: this.o.now() });
    return endOfDay(db, day, this.o.config().drawerFloat, this.o.now());
  }

  /**
   * The day's CSV for the store: local times, headers in the staff member's language, UTF-8 with
   * a BOM or Shift_JIS (audited). The bytes travel as base64 (the API is JSON).
   */
  exportCsv(input: { day: string; language: CsvLanguage; encoding: CsvEncoding }): { filename: string; mimeType: string; base64: string; rows: number; unencodable: number } {
    const { staff } = this.o.staff().require('cashier');
    const db = this.o.db();
    const file = registerCsv(dayCsvRows(db, input.day), { language: input.language, encoding: input.encoding, timeZone: this.o.config().timeZone });
    appendAudit(db, { at: this.o.now(), staffId: staff.id, action: 'register.export_csv', detail: { day: input.day, rows: file.rows, encoding: input.encoding, language: input.language } });
    const device = this.o.deviceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'kiosk';
    const suffix = input.encoding === 'shift_jis' ? '-sjis' : '';
    return { filename: `register-${input.day}-${device}${suffix}.csv`, mimeType: file.mimeType, base64: Buffer.from(file.bytes).toString('base64'), rows: file.rows, unencodable: file.unencodable };
  }

  flagged(): RegisterTransaction[] {
    this.o.staff().require('cashier');
    return flaggedTransactions(this.o.db(), this.names);
  }

  /** Settles a flag (a supervisor's one-shot approval) and closes its dead letter, in one transaction. */
  async resolveFlag(input: { clientRequestId: string; outcome: FlagOutcome; note: string; approval?: Approval }): Promise<RegisterTransaction[]> {
    const { staff } = this.o.staff().require('cashier');
    const supervisor = await supervisorApproval(this.o.staff(), input.approval, 'register.flag_resolve');
    const db = this.o.db();
    resolveFlag(db, { clientRequestId: input.clientRequestId, outcome: input.outcome, note: input.note, staffId: staff.id, supervisorId: supervisor.id, businessDay: this.today(), now: this.o.now() }, this.notes);
    this.o.onQueue(registerQueue(db));
    return flaggedTransactions(db, this.names);
  }
}

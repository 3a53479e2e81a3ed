import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { KioskError } from '@shared/errors';
import type { ConfirmResult, EndOfDay, RegisterKind, RegisterMember, RegisterQueue, RegisterState, RegisterTransaction } from '@shared/api/register';
import type { Approval } from '@shared/api/staff';
import type { ScanView } from '@shared/api/scanner';
import { callKiosk, onKioskEvent } from '../kiosk/client';
import { onSessionWipe } from '../composables/session-wipe';

export type RegisterStep = 'waiting' | 'opening' | 'entry' | 'confirming' | 'receipt';

/** A new client request id: made when a transaction is begun, before anything reaches the network. */
function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * The cashier register: the open member panel, the transaction being entered (kind, amount,
 * cash received) under its client request id, the last receipt, and the offline queue.
 *
 * Double taps and double reads: `confirm` does nothing while a confirmation is in flight, and
 * the request id only changes after the core answered — so even a second call that slips
 * through reaches the core with the same id and gets the first answer (the core is idempotent).
 */
export const useRegisterStore = defineStore('register', () => {
  const state = ref<RegisterState | null>(null);
  const queue = ref<RegisterQueue | null>(null);
  const member = ref<RegisterMember | null>(null);
  const step = ref<RegisterStep>('waiting');
  const kind = ref<RegisterKind>('topup');
  const amount = ref(0);
  /** null: exact amount (the default, so a preset top-up is amount → confirm). */
  const cashReceived = ref<number | null>(null);
  const requestId = ref(newRequestId());
  const receipt = ref<ConfirmResult | null>(null);
  const error = ref<KioskError | null>(null);
  const lastScanId = ref<string | null>(null);

  async function load(): Promise<void> {
    state.value = await callKiosk('getRegisterState', {});
    queue.value = state.value.queue;
  }

  function fail(e: unknown): void {
    error.value = e instanceof KioskError ? e : new KioskError('internal', e instanceof Error ? e.message : String(e));
  }

  /**
   * The portal's live answer can reach the page before the open call's own answer (it comes over
   * the event socket): keep it for a moment and apply it when that panel arrives.
   */
  let earlyRefresh: { panel: RegisterMember; at: number } | null = null;
  const EARLY_REFRESH_MS = 10_000;

  function withLiveFigures(panel: RegisterMember, live: RegisterMember): RegisterMember {
    return { ...live, tokenMode: panel.tokenMode, tokenRef: panel.tokenRef, source: panel.source };
  }

  function beginEntry(panel: RegisterMember): void {
    const early = earlyRefresh;
    earlyRefresh = null;
    const fresh = !panel.live && early && early.panel.memberNo === panel.memberNo && Date.now() - early.at < EARLY_REFRESH_MS;
    member.value = fresh ? withLiveFigures(panel, early.panel) : panel;
    kind.value = panel.tokenMode === 'pay' ? 'payment' : 'topup';
    amount.value = 0;
    cashReceived.value = null;
    requestId.value = newRequestId();
    receipt.value = null;
    step.value = 'entry';
  }

  /**
   * A scan from any source. Ignored while a confirmation is in flight, and when it is the same
   * member card as the panel already open (a double read must not reset the entry).
   */
  async function scan(view: ScanView): Promise<void> {
    if (view.id === lastScanId.value || step.value === 'confirming' || step.value === 'opening') return;
    // A staff card is for the approver pad (it fills the staff number there), never a member to open.
    if (view.meaning.kind === 'staffCard') return;
    lastScanId.value = view.id;
    if (view.meaning.kind === 'memberCard' && step.value === 'entry' && member.value?.memberNo === view.meaning.memberNo && member.value.source === 'card') return;
    step.value = 'opening';
    error.value = null;
    try {
      beginEntry(await callKiosk('registerOpenScan', { scanId: view.id }));
    } catch (e) {
      step.value = member.value && !receipt.value ? 'entry' : receipt.value ? 'receipt' : 'waiting';
      fail(e);
    }
  }

  async function openMember(memberNo: string): Promise<void> {
    step.value = 'opening';
    error.value = null;
    try {
      beginEntry(await callKiosk('registerOpenMember', { memberNo }));
    } catch (e) {
      step.value = 'waiting';
      fail(e);
    }
  }

  function setKind(next: RegisterKind): void {
    if (step.value !== 'entry' || kind.value === next) return;
    kind.value = next;
    amount.value = 0;
    cashReceived.value = null;
    error.value = null;
  }

  function setAmount(value: number): void {
    if (step.value !== 'entry') return;
    amount.value = value;
    if (cashReceived.value !== null && cashReceived.value < value) cashReceived.value = null;
    error.value = null;
  }

  function setCash(value: number | null): void {
    if (step.value === 'entry') cashReceived.value = value;
  }

  const change = computed(() => (kind.value === 'topup' && cashReceived.value !== null ? cashReceived.value - amount.value : 0));
  const canConfirm = computed(
    () =>
      step.value === 'entry' &&
      member.value !== null &&
      member.value.tokenMode !== 'points' &&
      amount.value > 0 &&
      (kind.value === 'payment' || cashReceived.value === null || cashReceived.value >= amount.value),
  );

  /** `approval`: a supervisor approving a payment on a typed member number (store policy). */
  async function confirm(approval?: Approval): Promise<void> {
    if (!canConfirm.value || !member.value) return;
    step.value = 'confirming';
    error.value = null;
    const input = {
      clientRequestId: requestId.value,
      kind: kind.value,
      memberNo: member.value.memberNo,
      amount: amount.value,
      ...(kind.value === 'topup' && cashReceived.value !== null ? { cashReceived: cashReceived.value } : {}),
      ...(member.value.tokenRef ? { tokenRef: member.value.tokenRef } : {}),
      ...(approval ? { approval } : {}),
    };
    try {
      const result = await callKiosk('registerConfirm', input);
      receipt.value = result;
      // The panel shows the balance the portal answered with, so it agrees with the receipt.
      if (result.transaction.balanceAfter !== null && member.value) {
        const lastKnown = result.transaction.balanceAfter;
        member.value = { ...member.value, live: true, asOf: Date.now(), balance: { ...member.value.balance, lastKnown, available: lastKnown - member.value.balance.pendingDebits } };
      }
      step.value = 'receipt';
      void load().catch(() => undefined);
    } catch (e) {
      step.value = 'entry';
      // The core answered: this id is used up (or never written); the next try is a new transaction.
      // Without an answer (connection lost) the same id is kept, so a retry cannot apply twice.
      if (e instanceof KioskError && e.code !== 'internal') requestId.value = newRequestId();
      fail(e);
      if (e instanceof KioskError && ['token_used', 'token_expired', 'token_unknown', 'app_token_offline'].includes(e.code)) member.value = { ...member.value, tokenRef: null };
    }
  }

  /** Voids the last transaction (a cashier passes a supervisor's approval: staff number + PIN). */
  async function voidLast(target: RegisterTransaction, approval?: Approval, voidId = newRequestId()): Promise<ConfirmResult> {
    const result = await callKiosk('registerVoidLast', { clientRequestId: voidId, targetClientRequestId: target.clientRequestId, ...(approval ? { approval } : {}) });
    receipt.value = result;
    step.value = 'receipt';
    await load();
    return result;
  }

  function nextCustomer(): void {
    member.value = null;
    receipt.value = null;
    error.value = null;
    amount.value = 0;
    cashReceived.value = null;
    requestId.value = newRequestId();
    step.value = 'waiting';
  }

  async function endOfDay(day?: string): Promise<EndOfDay> {
    return callKiosk('registerEndOfDay', day ? { day } : {});
  }

  let unsubscribePrinters: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;
  let unsubscribeRefresh: (() => void) | null = null;
  function listen(): void {
    unsubscribe ??= onKioskEvent('registerQueue', (next) => {
      queue.value = next;
    });
    // Receipt printers: paper out, cover open, back again (the register warns before a sale).
    unsubscribePrinters ??= onKioskEvent('registerPrinters', (printers) => {
      if (state.value) state.value = { ...state.value, printers };
    });
    // The live figures for the panel on screen (it was first shown from the cached roster).
    unsubscribeRefresh ??= onKioskEvent('registerMemberRefreshed', (panel) => {
      if (member.value?.memberNo === panel.memberNo && !member.value.live) member.value = withLiveFigures(member.value, panel);
      else earlyRefresh = { panel, at: Date.now() };
    });
  }

  onSessionWipe(() => nextCustomer());

  return {
    state,
    queue,
    member,
    step,
    kind,
    amount,
    cashReceived,
    change,
    requestId,
    receipt,
    error,
    canConfirm,
    load,
    scan,
    openMember,
    setKind,
    setAmount,
    setCash,
    confirm,
    voidLast,
    nextCustomer,
    endOfDay,
    listen,
  };
});

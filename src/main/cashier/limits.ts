import { KioskError } from '../../shared/errors';
import type { RegisterConfig } from './cashier-deps';

/** A member's money as the register sees it (yen). */
export interface MemberBalance {
  /** The portal's balance as last seen. */
  lastKnown: number;
  /** Unsent payments and unsent voids of top-ups: already spent, not yet at the portal. */
  pendingDebits: number;
  /** Unsent top-ups: not counted towards what may be spent. */
  pendingCredits: number;
  /** lastKnown − pendingDebits. */
  available: number;
  /** When `lastKnown` was true (epoch ms). */
  asOf: number;
}

/** What the offline rules look at (DESIGN.md §3.3, Square / Stripe store-and-forward). */
export interface OfflineCheck {
  kind: 'topup' | 'payment';
  amount: number;
  balance: MemberBalance;
  /** Unsent offline payments of this member / of the whole kiosk (yen). */
  memberOfflinePayments: number;
  kioskOfflinePayments: number;
  /** Creation time of the oldest unsent transaction of the kiosk. */
  oldestPendingAt: number | null;
  /** The payment would use a one-time app token. */
  withAppToken: boolean;
  now: number;
}

/**
 * The offline floor limits: null when the transaction may be queued, otherwise the refusal
 * with the limit in its details (the register says which limit, in words).
 * - cash top-ups are queued, within the portal's per-top-up and balance limits (mirrored in
 *   configuration), so nothing is queued that the portal must refuse;
 * - payments only within every limit: per transaction, per member, per kiosk total, the
 *   maximum age (of the oldest unsent transaction and of the member's known balance), and
 *   the last known balance minus unsent debits;
 * - app tokens never: only the portal can resolve them ("use the physical card").
 */
export function checkOffline(config: RegisterConfig, c: OfflineCheck): KioskError | null {
  if (c.withAppToken) return new KioskError('app_token_offline', 'App barcodes cannot be used offline; use the physical member card.');
  if (c.kind === 'topup') {
    if (c.amount > config.topupMax) return new KioskError('topup_limit', 'The top-up is over the per-transaction limit.', { limit: config.topupMax });
    const after = c.balance.lastKnown + c.balance.pendingCredits + c.amount;
    if (after > config.balanceMax) {
      return new KioskError('balance_limit', 'The balance would go over its limit.', { limit: config.balanceMax, room: Math.max(0, config.balanceMax - c.balance.lastKnown - c.balance.pendingCredits) });
    }
    return null;
  }
  const o = config.offline;
  if (!o.payments) return new KioskError('offline_payments_off', 'Payments are not taken while the portal is unreachable.');
  if (c.amount > o.perTransaction) return new KioskError('offline_limit_transaction', 'Over the offline limit per payment.', { limit: o.perTransaction });
  if (c.memberOfflinePayments + c.amount > o.perMember) {
    return new KioskError('offline_limit_member', 'Over the offline limit for this member.', { limit: o.perMember, left: Math.max(0, o.perMember - c.memberOfflinePayments) });
  }
  if (c.kioskOfflinePayments + c.amount > o.kioskTotal) {
    return new KioskError('offline_limit_kiosk', 'Over the offline limit of this kiosk.', { limit: o.kioskTotal, left: Math.max(0, o.kioskTotal - c.kioskOfflinePayments) });
  }
  const maxAgeHours = o.maxAgeMs / 3_600_000;
  if (c.oldestPendingAt !== null && c.now - c.oldestPendingAt > o.maxAgeMs) {
    return new KioskError('offline_limit_age', 'Unsent transactions are older than the offline limit.', { maxAgeHours, since: c.oldestPendingAt });
  }
  if (c.now - c.balance.asOf > o.maxAgeMs) {
    return new KioskError('offline_limit_age', 'The known balance is older than the offline limit.', { maxAgeHours, since: c.balance.asOf });
  }
  if (c.amount > c.balance.available) {
    return new KioskError('insufficient_balance', 'The balance (as last known, minus unsent payments) is not enough.', { available: c.balance.available, asOf: c.balance.asOf });
  }
  return null;
}

/** What a member may still pay offline now (0 when any limit is used up). */
export function offlineAllowance(config: RegisterConfig, c: Omit<OfflineCheck, 'kind' | 'amount' | 'withAppToken'>): number {
  const o = config.offline;
  if (!o.payments) return 0;
  if (c.oldestPendingAt !== null && c.now - c.oldestPendingAt > o.maxAgeMs) return 0;
  if (c.now - c.balance.asOf > o.maxAgeMs) return 0;
  return Math.max(0, Math.min(o.perTransaction, o.perMember - c.memberOfflinePayments, o.kioskTotal - c.kioskOfflinePayments, c.balance.available));
}

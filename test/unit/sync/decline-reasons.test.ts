/**
 * The portal's reason for a flag (a transaction it declined after the fact) goes through the one
 * translation table (sync/portal-errors.ts) into the kiosk's own code (issue 15); the flags
 * screen words those codes (test/unit/renderer/flag-reasons.test.ts), never the portal's code.
 */
import { describe, expect, it } from 'vitest';
import { declineReasonOf } from '../../../src/main/sync/portal-errors';

/** Every refusal the reference portal answers a wallet operation with (src/portal/wallet.ts), and the token and device refusals. */
const WALLET_REFUSALS = [
  'account_balance_not_enough',
  'account_balance_exceeded',
  'account_money_topup_transfer_limit_exceeded',
  'member_not_found',
  'member_not_active',
  'transaction_not_found',
  'transaction_not_voidable',
  'transaction_already_voided',
  'cpm_token_already_proceed',
  'cpm_token_already_expired',
  'terminal_is_invalidated',
] as const;

/** The codes the flags screen has a sentence for (kept in step with flag-reasons.test.ts). */
const WORDED = ['insufficient_balance', 'balance_limit', 'topup_limit', 'member_not_found', 'member_not_active', 'void_not_allowed', 'token_used', 'token_expired', 'kiosk_disabled', 'portal_error'];

describe('decline reasons of flags', () => {
  it('maps the portal’s wallet refusals to the register’s own codes', () => {
    expect(declineReasonOf('account_balance_not_enough')).toBe('insufficient_balance');
    expect(declineReasonOf('account_balance_exceeded')).toBe('balance_limit');
    expect(declineReasonOf('account_money_topup_transfer_limit_exceeded')).toBe('topup_limit');
    expect(declineReasonOf('transaction_not_voidable')).toBe('void_not_allowed');
    expect(declineReasonOf('member_not_active')).toBe('member_not_active');
    for (const code of WALLET_REFUSALS) {
      expect([code, declineReasonOf(code)]).not.toEqual([code, 'portal_error']);
      expect(WORDED).toContain(declineReasonOf(code));
    }
  });

  it('a refusal the kiosk has no words for is portal_error; no code is no reason', () => {
    expect(declineReasonOf('some_future_rule')).toBe('portal_error');
    expect(declineReasonOf('invalid_request')).toBe('portal_error');
    expect(declineReasonOf(null)).toBeNull();
  });
});

import { KioskError, type KioskErrorCode } from '../../shared/errors';
import { PortalError } from '../sync/portal-client/errors';

/** The portal's wallet codes (PokePay names) → the register's error codes, explained in words by the UI. */
const BY_PORTAL_CODE: Readonly<Record<string, KioskErrorCode>> = {
  account_balance_not_enough: 'insufficient_balance',
  account_money_topup_transfer_limit_exceeded: 'topup_limit',
  account_balance_exceeded: 'balance_limit',
  cpm_token_already_proceed: 'token_used',
  cpm_token_already_expired: 'token_expired',
  app_token_not_found: 'token_unknown',
  cpm_token_mode_mismatch: 'token_mode',
  terminal_is_invalidated: 'kiosk_disabled',
  member_not_found: 'member_not_found',
  member_not_active: 'member_not_active',
  transaction_not_found: 'void_not_allowed',
  transaction_already_voided: 'void_not_allowed',
  transaction_not_voidable: 'void_not_allowed',
  idempotency_key_reused: 'request_conflict',
};

/** A decline code the ledger recorded, as the register's error (with the portal's code in the details). */
export function declineError(portalCode: string | null, details: Record<string, unknown> = {}): KioskError {
  const code: KioskErrorCode = (portalCode ? BY_PORTAL_CODE[portalCode] : undefined) ?? 'internal';
  return new KioskError(code, `The portal declined it (${portalCode ?? 'unknown'}).`, { ...details, portalCode });
}

/** A failed portal call during a lookup: a business refusal in words, anything else "portal unavailable". */
export function portalCallError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  if (error instanceof PortalError) {
    const mapped = BY_PORTAL_CODE[error.code];
    if (mapped) return new KioskError(mapped, error.message, { portalCode: error.code });
    return new KioskError('portal_unavailable', `The portal could not answer (${error.reason}).`, { reason: error.reason });
  }
  return new KioskError('portal_unavailable', 'The portal could not answer.');
}

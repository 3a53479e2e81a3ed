import { KioskError, type KioskErrorCode, type PortalRefusalDetails } from '../../shared/errors';
import { PortalError } from './portal-client/errors';

/**
 * The portal's problem codes (PokePay names for the wallet) → the kiosk's error codes, each
 * explained in words by the UI. One table for every room: the cashier's wallet refusals and the
 * counter's identification, code and email-change refusals.
 */
const BY_PORTAL_CODE: Readonly<Record<string, KioskErrorCode>> = {
  // members
  member_not_found: 'member_not_found',
  member_not_active: 'member_not_active',
  birthdate_mismatch: 'birthdate_mismatch',
  identify_locked: 'identify_locked',
  // verification codes and email changes
  verification_code_invalid: 'code_wrong',
  verification_code_expired: 'code_expired',
  verification_code_attempts_exceeded: 'code_tries_exhausted',
  verification_code_limit_reached: 'code_generation_limit',
  verification_resend_cooldown: 'resend_cooldown',
  verification_required: 'code_not_verified',
  email_already_registered: 'already_registered',
  email_change_pending: 'email_change_pending',
  email_change_already_decided: 'email_change_decided',
  email_change_not_found: 'invalid_step',
  // wallet
  account_balance_not_enough: 'insufficient_balance',
  account_money_topup_transfer_limit_exceeded: 'topup_limit',
  account_balance_exceeded: 'balance_limit',
  cpm_token_already_proceed: 'token_used',
  cpm_token_already_expired: 'token_expired',
  app_token_not_found: 'token_unknown',
  cpm_token_mode_mismatch: 'token_mode',
  terminal_is_invalidated: 'kiosk_disabled',
  transaction_not_found: 'void_not_allowed',
  transaction_already_voided: 'void_not_allowed',
  transaction_not_voidable: 'void_not_allowed',
  idempotency_key_reused: 'request_conflict',
};

/** The portal's numbers a refusal may carry, so the message states its real limits (never a constant of ours). */
const NUMERIC_DETAILS = ['attemptsRemaining', 'maxCodes', 'maxWrongBirthdates'] as const;

/**
 * A failed portal call as the kiosk's error: a known refusal in words (with the portal's code
 * and numbers), `portal_offline` when the portal could not be reached or asked to try later,
 * `portal_error` for any other refusal. `what` names the step for the log.
 */
export function translatePortalError(error: unknown, what: string): KioskError {
  if (error instanceof KioskError) return error;
  if (!(error instanceof PortalError)) return new KioskError('internal', `${what} failed.`);
  // A known refusal first: the code limits answer 429, which is otherwise "try again later".
  const mapped = error.status === null ? undefined : BY_PORTAL_CODE[error.code];
  if (mapped) {
    const details: PortalRefusalDetails = { portalCode: error.code, ...retryDetails(error) };
    for (const key of NUMERIC_DETAILS) {
      const value = error.problem?.details?.[key];
      if (typeof value === 'number' && Number.isFinite(value)) details[key] = value;
    }
    return new KioskError(mapped, `${what}: ${error.message}`, details);
  }
  if (error.status === null || error.disposition === 'transient') {
    return new KioskError('portal_offline', `${what}: the portal cannot be reached (${error.reason}).`, { reason: error.reason, ...retryDetails(error) });
  }
  return new KioskError('portal_error', `${what}: the portal refused (${error.code}).`, { portalCode: error.code });
}

/** A refusal the ledger recorded (a dead-lettered operation), as the kiosk's error code; `fallback` when it has no words of its own. */
export function kioskCodeOf(portalCode: string | null, fallback: KioskErrorCode): KioskErrorCode {
  return (portalCode ? BY_PORTAL_CODE[portalCode] : undefined) ?? fallback;
}

/**
 * Why the portal declined a transaction it had accepted into its queue (a register flag), as the
 * kiosk's code: the register's decline messages word it; `portal_error` for a refusal the kiosk
 * has no words of its own for. Null when nothing was declined.
 */
export function declineReasonOf(portalCode: string | null): KioskErrorCode | null {
  return portalCode === null ? null : kioskCodeOf(portalCode, 'portal_error');
}

/** Whether a failure means "the portal is not there" (a flow may go on offline). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof PortalError && translatePortalError(error, '').code === 'portal_offline';
}

function retryDetails(error: PortalError): { retryAfterSeconds?: number } {
  const seconds = error.problem?.retryAfterSeconds ?? (error.retryAfterMs === null ? undefined : Math.ceil(error.retryAfterMs / 1000));
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}

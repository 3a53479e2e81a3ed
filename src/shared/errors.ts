/**
 * Typed errors of the kiosk API. Every failure that crosses a host boundary (IPC or HTTP)
 * is one of these codes; the renderer turns the code into a sentence in the user's language.
 */
export const KIOSK_ERROR_CODES = [
  // The call itself is wrong: malformed input, unknown method, bad secret, too large.
  'invalid_input',
  'unknown_method',
  'unauthorized',
  'payload_too_large',
  // The database cannot be used; the UI shows what staff should do.
  'db_locked',
  'db_readonly',
  'db_full',
  'db_corrupt',
  'db_too_new',
  'db_unavailable',
  // Staff sign-in.
  'pin_wrong',
  'pin_locked',
  'not_signed_in',
  'forbidden',
  // Counter flows (sign-up, email change): identification, codes, drafts, the portal.
  // member_not_found / member_not_active: listed with the register's codes below.
  'birthdate_mismatch',
  'identify_locked',
  'already_registered',
  'email_mismatch',
  'email_unknown',
  'code_wrong',
  'code_expired',
  'code_tries_exhausted',
  'code_generation_limit',
  'resend_cooldown',
  'code_not_verified',
  'email_change_pending',
  'email_change_decided',
  'portal_offline',
  'portal_error',
  'draft_expired',
  'draft_discarded',
  'flow_not_active',
  'invalid_step',
  // Register (e-money): the portal's wallet refusals and the kiosk's offline rules.
  'member_not_found',
  'member_not_active',
  'not_member_card',
  'insufficient_balance',
  'topup_limit',
  'balance_limit',
  'token_used',
  'token_expired',
  'token_unknown',
  'token_mode',
  'kiosk_disabled',
  'app_token_offline',
  'offline_payments_off',
  'offline_limit_transaction',
  'offline_limit_member',
  'offline_limit_kiosk',
  'offline_limit_age',
  'supervisor_required',
  'void_not_allowed',
  'request_conflict',
  // The admin wipe removed the rows but not every file (permissions): do it again after fixing them.
  'wipe_incomplete',
  // The at-rest key (draft.key / the OS keychain) cannot be read: drafts cannot be kept.
  'key_unavailable',
  'portal_unavailable',
  // Anything else: a bug. The message never carries a stack trace to the screen.
  'internal',
] as const;

export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

export interface KioskErrorShape {
  code: KioskErrorCode;
  /** Developer-facing detail in English; the UI shows its own translated sentence. */
  message: string;
  /** Machine-readable extras, e.g. `{ retryAfterSeconds }` for a lockout. */
  details?: Record<string, unknown>;
}

export class KioskError extends Error {
  readonly code: KioskErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: KioskErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'KioskError';
    this.code = code;
    if (details) this.details = details;
  }

  toJSON(): KioskErrorShape {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isKioskErrorShape(value: unknown): value is KioskErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (KIOSK_ERROR_CODES as readonly string[]).includes((value as { code: string }).code)
  );
}

import type { z } from 'zod';
import type { KIOSK_ERROR_DETAILS, PortalRefusalDetailsSchema } from './kiosk-error-schema';

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
  // Many wrong PINs on this kiosk lately: wait a moment (never long enough to stop an approval).
  'pin_throttled',
  // An admin reset this PIN (or it is the first one): set a new PIN before anything else.
  'pin_change_required',
  // A new PIN breaks a rule (length, one repeated digit, a run, the staff number).
  'pin_rule',
  'staff_no_taken',
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
  'flag_open',
  'typed_number_refused',
  // Receipt printers: none is configured (printing, the cash drawer), none could be reached; nothing to print again yet.
  'printer_missing',
  // Printers are set up, but none has the cash drawer connected (settings: printers.drawers).
  'drawer_missing',
  'printer_offline',
  'no_receipt',
  // The admin wipe removed the rows but not every file (permissions): do it again after fixing them.
  'wipe_incomplete',
  // The at-rest key (draft.key / the OS keychain) cannot be read: drafts cannot be kept.
  'key_unavailable',
  // Configuration (settings, barcode rules, catalog, set-up file) refused: details.issues say what to fix, in both languages.
  'config_invalid',
  // First-administrator set-up: the printed code is wrong, too old (a new one was printed), tried too often, or set-up is over (staff exist).
  'setup_code_wrong',
  'setup_code_expired',
  'setup_locked',
  'setup_not_needed',
  // Anything else: a bug. The message never carries a stack trace to the screen.
  'internal',
] as const;

export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

/** What a portal refusal carries: its own code, and its numbers (so messages state the portal's real limits). */
export type PortalRefusalDetails = z.infer<typeof PortalRefusalDetailsSchema>;

/**
 * The machine-readable details of each error code that has any (a discriminated union by
 * `code`): the renderer reads them without casts. Codes not listed carry no details. Their one
 * source is the runtime schema (kiosk-error-schema.ts), which checks them at the boundary.
 */
export type KioskErrorDetailsByCode = { [C in keyof typeof KIOSK_ERROR_DETAILS]: z.infer<(typeof KIOSK_ERROR_DETAILS)[C]> };

/** The details of `code` (never, for a code that carries none). */
export type KioskErrorDetails<C extends KioskErrorCode> = C extends keyof KioskErrorDetailsByCode ? KioskErrorDetailsByCode[C] : never;

/** An error as it crosses a host boundary: one member per code, so `code` narrows `details`. */
export type KioskErrorShape = {
  [C in KioskErrorCode]: {
    code: C;
    /** Developer-facing detail in English; the UI shows its own translated sentence. */
    message: string;
    details?: KioskErrorDetails<C>;
  };
}[KioskErrorCode];

export class KioskError<C extends KioskErrorCode = KioskErrorCode> extends Error {
  readonly code: C;
  readonly details?: KioskErrorDetails<C>;

  constructor(code: C, message: string, details?: KioskErrorDetails<C>) {
    super(message);
    this.name = 'KioskError';
    this.code = code;
    if (details) this.details = details;
  }

  /** The error as its shape (narrowable by `code`). */
  toJSON(): KioskErrorShape {
    return (this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message }) as KioskErrorShape;
  }
}

/** A caught value as the kiosk's error shape (narrowable by `code`), or null when it is not a KioskError. */
export function kioskErrorOf(error: unknown): KioskErrorShape | null {
  return error instanceof KioskError ? error.toJSON() : null;
}

export function isKioskErrorShape(value: unknown): value is KioskErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (KIOSK_ERROR_CODES as readonly string[]).includes((value as { code: string }).code)
  );
}

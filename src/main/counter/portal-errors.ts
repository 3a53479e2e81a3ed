import { KioskError, type KioskErrorCode } from '../../shared/errors';
import { PortalError } from '../sync/portal-client/errors';

/** Portal problem codes the counter flows turn into their own errors (each with its own message). */
const CODE_MAP: Readonly<Record<string, KioskErrorCode>> = {
  member_not_found: 'member_not_found',
  birthdate_mismatch: 'birthdate_mismatch',
  identify_locked: 'identify_locked',
  member_not_active: 'member_not_active',
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
};

/** Maps a failed portal call to a typed kiosk error; `portal_offline` when it could not be reached. */
export function fromPortal(error: unknown, what: string): KioskError {
  if (error instanceof KioskError) return error;
  if (!(error instanceof PortalError)) return new KioskError('internal', `${what} failed.`);
  // A known refusal first: the code limits answer 429, which is otherwise "try again later".
  const mapped = error.status === null ? undefined : CODE_MAP[error.code];
  if (!mapped && (error.status === null || error.disposition === 'transient')) {
    return new KioskError('portal_offline', `${what}: the portal cannot be reached (${error.reason}).`, retryDetails(error));
  }
  if (mapped) {
    const details: Record<string, unknown> = { ...retryDetails(error) };
    // The portal's own numbers, so the message states its real limits (never a constant of ours).
    for (const key of ['attemptsRemaining', 'maxCodes', 'maxWrongBirthdates'] as const) {
      const value = error.problem?.details?.[key];
      if (typeof value === 'number' && Number.isFinite(value)) details[key] = value;
    }
    return new KioskError(mapped, `${what}: ${error.message}`, Object.keys(details).length > 0 ? details : undefined);
  }
  return new KioskError('portal_error', `${what}: the portal refused (${error.code}).`, { portalCode: error.code });
}

/** A portal problem code as the kiosk's error code (for a refused submission shown later). */
export function portalCodeToKiosk(code: string): KioskErrorCode {
  return CODE_MAP[code] ?? 'portal_error';
}

/** Whether a failure means "the portal is not there" (the flow may go on offline). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof PortalError && (error.status === null || (error.disposition === 'transient' && !CODE_MAP[error.code]));
}

function retryDetails(error: PortalError): Record<string, unknown> {
  const seconds = error.problem?.retryAfterSeconds ?? (error.retryAfterMs === null ? undefined : Math.ceil(error.retryAfterMs / 1000));
  return seconds === undefined ? {} : { retryAfterSeconds: seconds };
}

import { KioskError, type KioskErrorShape } from '@shared/errors';
import { KioskErrorSchema } from '@shared/kiosk-error-schema';

/**
 * The error the core answered, checked by its code: one of the wrong shape is an internal
 * error, never read by a screen. Its own module so the error schema loads with the first
 * refusal, not with the attract screen.
 */
export function kioskErrorFrom(answered: unknown): KioskError {
  const checked = KioskErrorSchema.safeParse(answered);
  if (!checked.success) return new KioskError('internal', `The kiosk answered with a malformed error: ${checked.error.issues[0]?.message ?? 'unknown shape'}.`);
  const error: KioskErrorShape = checked.data;
  return new KioskError(error.code, error.message, error.details);
}

/**
 * The kiosk's errors are checked by their code where they arrive in the renderer: `details` of
 * the wrong shape for its code is refused (an internal error, never read by a screen).
 */
import { describe, expect, it } from 'vitest';
import { KioskErrorSchema } from '../../../src/shared/kiosk-error-schema';
import { KioskError, KIOSK_ERROR_CODES } from '../../../src/shared/errors';
import { kioskErrorFrom } from '../../../src/renderer/src/kiosk/error-boundary';

describe('the kiosk error schema (a discriminated union by code)', () => {
  it('takes each code with the details its type states, and with none', () => {
    expect(KioskErrorSchema.safeParse({ code: 'pin_wrong', message: 'Wrong PIN.', details: { attemptsLeft: 2 } }).success).toBe(true);
    expect(KioskErrorSchema.safeParse({ code: 'offline_limit_age', message: 'Too old.', details: { maxAgeHours: 24, since: null } }).success).toBe(true);
    expect(KioskErrorSchema.safeParse({ code: 'insufficient_balance', message: 'Short.', details: { portalCode: 'account_balance_not_enough', available: 120 } }).success).toBe(true);
    for (const code of KIOSK_ERROR_CODES) expect(KioskErrorSchema.safeParse({ code, message: 'x' }).success, code).toBe(true);
  });

  it('refuses details of the wrong shape for their code, details on a code that has none, and unknown codes', () => {
    expect(KioskErrorSchema.safeParse({ code: 'pin_wrong', message: 'Wrong PIN.', details: { attemptsLeft: 'two' } }).success).toBe(false);
    expect(KioskErrorSchema.safeParse({ code: 'pin_wrong', message: 'Wrong PIN.', details: { retryAfterSeconds: 30 } }).success).toBe(false);
    // Right for pin_locked, wrong for pin_rule: the code decides.
    expect(KioskErrorSchema.safeParse({ code: 'pin_locked', message: 'Locked.', details: { retryAfterSeconds: 30 } }).success).toBe(true);
    expect(KioskErrorSchema.safeParse({ code: 'pin_rule', message: 'Rule.', details: { retryAfterSeconds: 30 } }).success).toBe(false);
    expect(KioskErrorSchema.safeParse({ code: 'pin_rule', message: 'Rule.', details: { rule: 'palindrome' } }).success).toBe(false);
    expect(KioskErrorSchema.safeParse({ code: 'unauthorized', message: 'No.', details: { anything: 1 } }).success).toBe(false);
    expect(KioskErrorSchema.safeParse({ code: 'no_such_code', message: 'x' }).success).toBe(false);
  });

  it('the renderer turns a well-formed answer into its KioskError and a malformed one into an internal error', () => {
    const ok = kioskErrorFrom(new KioskError('pin_throttled', 'Wait.', { retryAfterSeconds: 12 }).toJSON());
    expect(ok).toBeInstanceOf(KioskError);
    expect(ok.toJSON()).toEqual({ code: 'pin_throttled', message: 'Wait.', details: { retryAfterSeconds: 12 } });
    const bad = kioskErrorFrom({ code: 'pin_throttled', message: 'Wait.', details: { retryAfterSeconds: '12' } });
    expect(bad.code).toBe('internal');
    expect(bad.details).toBeUndefined();
    expect(kioskErrorFrom('not an error').code).toBe('internal');
  });
});

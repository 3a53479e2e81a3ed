import { KioskError } from '../../shared/errors';

/**
 * The rules for a PIN a person chooses (new staff, a reset, their own change): 4–8 digits, not
 * one digit repeated, not a run up or down (1234, 4321, 0987), not their staff number. Demo
 * PINs are seeded without these rules.
 */
export function checkPinChoice(pin: string, staffNo: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw pinRule('length', 'A PIN is 4 to 8 digits.');
  if (/^(\d)\1+$/.test(pin)) throw pinRule('repeated', 'A PIN of one repeated digit is too easy to guess.');
  if (isRun(pin, 1) || isRun(pin, -1)) throw pinRule('run', 'A run of digits (like 1234 or 4321) is too easy to guess.');
  if (pin === staffNo) throw pinRule('staff_no', 'A PIN must not be the staff number.');
}

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i++) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

export function pinRule(rule: 'length' | 'repeated' | 'run' | 'staff_no' | 'same_as_current', message: string): KioskError {
  return new KioskError('pin_rule', message, { rule });
}

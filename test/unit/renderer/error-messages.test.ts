/**
 * Every error the core can answer has a message in both languages: a screen shows
 * `errors.<code>`, and a code without one would show the key itself to a cashier or a student
 * (found: `flag_open` and `typed_number_refused` had none).
 */
import { describe, expect, it } from 'vitest';
import { KIOSK_ERROR_CODES } from '../../../src/shared/errors';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';

describe('error messages', () => {
  for (const [language, messages] of [['ja', ja], ['en', en]] as const) {
    it(`every kiosk error code has a ${language} message that says something`, () => {
      const errors = (messages as unknown as { errors: Record<string, unknown> }).errors;
      const missing = KIOSK_ERROR_CODES.filter((code) => typeof errors[code] !== 'string' || (errors[code] as string).trim().length < 10);
      expect(missing).toEqual([]);
    });
  }
});

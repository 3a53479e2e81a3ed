/**
 * The flags screen words every reason a flag can carry (the kiosk codes the core translates the
 * portal's wallet refusals into, test/unit/sync/decline-reasons.test.ts) in Japanese and English,
 * and never shows a code as the sentence (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';

const WORDED = ['insufficient_balance', 'balance_limit', 'topup_limit', 'member_not_found', 'member_not_active', 'void_not_allowed', 'token_used', 'token_expired', 'kiosk_disabled', 'portal_error'];

/** What the flags screen shows for a kiosk code: its flag sentence, else the register's decline message. */
function sentence(messages: { register: { flags: { reasons: object } }; errors: object }, code: string): string | undefined {
  return (messages.register.flags.reasons as Record<string, string | undefined>)[code] ?? (messages.errors as Record<string, string | undefined>)[code];
}

describe('flag reasons in words', () => {
  it('every reason has a sentence in both languages that is not a code', () => {
    for (const code of WORDED) {
      for (const [language, messages] of [['ja', ja], ['en', en]] as const) {
        const text = sentence(messages, code);
        expect([language, code, typeof text]).toEqual([language, code, 'string']);
        expect(text).not.toMatch(/[a-z]+_[a-z_]+/);
      }
    }
  });

  it('the flag sentences exist in both languages alike', () => {
    expect(Object.keys(ja.register.flags.reasons).sort()).toEqual(Object.keys(en.register.flags.reasons).sort());
  });
});

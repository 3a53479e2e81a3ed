import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { cashierSettingsOf } from '../../../src/main/core/settings-views';
import { settingsForEnv } from '../../helpers/settings';
import { checkOffline, offlineAllowance, type OfflineCheck } from '../../../src/main/cashier/limits';
import { csvCell } from '../../../src/main/cashier/register-csv';
import { receiptCode } from '../../../src/main/cashier/sales';

const config = cashierSettingsOf(settingsForEnv());
const NOW = Date.UTC(2026, 3, 1, 12);
const base: OfflineCheck = {
  kind: 'payment',
  amount: 500,
  balance: { lastKnown: 4000, pendingDebits: 0, pendingCredits: 0, available: 4000, asOf: NOW - 60_000 },
  memberOfflinePayments: 0,
  kioskOfflinePayments: 0,
  oldestPendingAt: null,
  withAppToken: false,
  now: NOW,
};
const code = (c: Partial<OfflineCheck>) => checkOffline(config, { ...base, ...c })?.code ?? null;

describe('offline floor limits (safe defaults)', () => {
  it('has safe defaults and reads overrides', () => {
    expect(config.offline).toEqual({ payments: true, perTransaction: 3000, perMember: 5000, kioskTotal: 30000, maxAgeMs: 72 * 3_600_000 });
    const custom = cashierSettingsOf(settingsForEnv({ KIOSK_OFFLINE_PAYMENT_MAX: '1000', KIOSK_OFFLINE_PAYMENTS: '0', KIOSK_TOPUP_PRESETS: '500,1000' }));
    expect(custom.offline.perTransaction).toBe(1000);
    expect(custom.offline.payments).toBe(false);
    expect(custom.topupPresets).toEqual([500, 1000]);
    expect(() => loadConfig({ KIOSK_DATA_DIR: '/tmp/x', KIOSK_OFFLINE_MAX_AGE_HOURS: '100' })).toThrow(/KIOSK_OFFLINE_MAX_AGE_HOURS/);
  });

  it('accepts a payment inside every limit', () => {
    expect(code({})).toBeNull();
  });

  it('refuses with the limit that was hit', () => {
    expect(code({ withAppToken: true })).toBe('app_token_offline');
    expect(code({ amount: 3001 })).toBe('offline_limit_transaction');
    expect(code({ memberOfflinePayments: 4600 })).toBe('offline_limit_member');
    expect(code({ kioskOfflinePayments: 29_600 })).toBe('offline_limit_kiosk');
    expect(code({ oldestPendingAt: NOW - 73 * 3_600_000 })).toBe('offline_limit_age');
    expect(code({ balance: { ...base.balance, asOf: NOW - 73 * 3_600_000 } })).toBe('offline_limit_age');
    expect(code({ balance: { ...base.balance, available: 400 } })).toBe('insufficient_balance');
    expect(checkOffline({ ...config, offline: { ...config.offline, payments: false } }, base)?.code).toBe('offline_payments_off');
  });

  it('queues cash top-ups within the mirrored portal limits', () => {
    expect(code({ kind: 'topup', amount: 10_000 })).toBeNull();
    expect(code({ kind: 'topup', amount: 50_001 })).toBe('topup_limit');
    expect(code({ kind: 'topup', amount: 10_000, balance: { ...base.balance, lastKnown: 95_000 } })).toBe('balance_limit');
    expect(code({ kind: 'topup', amount: 1000, balance: { ...base.balance, lastKnown: 90_000, pendingCredits: 9_500 } })).toBe('balance_limit');
  });

  it('tells what a member may still pay offline', () => {
    expect(offlineAllowance(config, { ...base, memberOfflinePayments: 4000 })).toBe(1000);
    expect(offlineAllowance(config, { ...base, balance: { ...base.balance, available: 200 } })).toBe(200);
    expect(offlineAllowance(config, { ...base, oldestPendingAt: NOW - 80 * 3_600_000 })).toBe(0);
  });
});

describe('receipt and CSV formatting', () => {
  it('receipt code carries the sequence and the id', () => {
    expect(receiptCode(42, '1a2b3c4d-0000-4000-8000-000000000000')).toBe('TX00000042-1A2B3C4D');
  });
  it('CSV cells are quoted and defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });
});

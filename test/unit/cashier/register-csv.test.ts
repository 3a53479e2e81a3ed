/**
 * The register CSV for Japanese stores: local time (Asia/Tokyo) in every timestamp and for the
 * business day whatever the process's TZ, Japanese or English headers, UTF-8 with BOM or
 * Shift_JIS (decoded here with iconv-lite, as Excel would read it).
 */
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeCsv, registerCsv, registerCsvText, storeBusinessDay } from '../../../src/main/cashier/register-csv';
import type { RegisterCsvRow } from '../../../src/main/cashier/register-csv';

const SALE_0830_JST = Date.parse('2026-12-01T08:30:00+09:00');

function saleNow(overrides: Partial<RegisterCsvRow> = {}): RegisterCsvRow {
  return {
    seq: 1,
    createdAt: Date.now(),
    clientRequestId: '3f2a9c10-1b2c-4d3e-8f40-0123456789ab',
    kind: 'topup',
    source: 'card',
    memberNo: '2024000123',
    amount: 3000,
    cashReceived: 5000,
    change: 2000,
    cashier: '佐藤 一郎',
    supervisor: null,
    state: 'synced',
    offline: false,
    declinedAtCounter: false,
    declineCode: null,
    voids: null,
    balanceAfter: 12345,
    flagOutcome: null,
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(SALE_0830_JST);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('register CSV (Japanese stores)', () => {
  it('puts a sale at 08:30 JST on that day with a local timestamp', () => {
    const row = saleNow();
    // 23:30 UTC the day before: a UTC business day would list it under 2026-11-30.
    expect(new Date(row.createdAt).toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(storeBusinessDay(row.createdAt)).toBe('2026-12-01');
    const [header, line] = registerCsvText([row], { language: 'en' }).split('\r\n');
    expect(header).toBe('seq,business_day,created_at,client_request_id,kind,identified_by,member_no,amount,cash_received,change,cashier,supervisor,state,offline,declined_at_counter,decline_code,voids,balance_after,flag_outcome');
    expect(line).toBe('1,2026-12-01,2026-12-01T08:30:00+09:00,3f2a9c10-1b2c-4d3e-8f40-0123456789ab,topup,card,2024000123,3000,5000,2000,佐藤 一郎,,synced,0,0,,,12345,');
  });

  it('follows the store time zone setting', () => {
    expect(storeBusinessDay(Date.now(), 'Europe/Berlin')).toBe('2026-12-01');
    expect(registerCsvText([saleNow()], { language: 'en', timeZone: 'America/Los_Angeles' })).toContain(',2026-11-30,2026-11-30T15:30:00-08:00,');
  });

  it('writes Shift_JIS that decodes with its Japanese headers and words intact', () => {
    const rows = [saleNow(), saleNow({ seq: 2, kind: 'payment', source: 'manual', cashReceived: null, change: null, supervisor: '髙橋 店長', state: 'queued', offline: true, balanceAfter: null })];
    const { bytes, rows: count, mimeType, unencodable } = registerCsv(rows, { language: 'ja', encoding: 'shift_jis' });
    expect(count).toBe(2);
    expect(mimeType).toBe('text/csv; charset=Shift_JIS');
    expect(unencodable).toBe(0);
    // Not UTF-8: 連 is 0x98 0x41 in Shift_JIS.
    expect([...bytes.subarray(0, 2)]).toEqual([0x98, 0x41]);
    const lines = iconv.decode(Buffer.from(bytes), 'cp932').split('\r\n');
    expect(lines[0]).toBe('連番,営業日,日時,取引ID,種別,会員確認,会員番号,金額,お預り,お釣り,担当者,承認者,状態,オフライン,窓口で拒否,拒否コード,取消対象の取引ID,取引後残高,要対応の処理');
    expect(lines[1]).toContain(',2026-12-01,2026-12-01T08:30:00+09:00,');
    expect(lines[1]).toContain(',チャージ,カード,');
    expect(lines[2]).toContain(',支払,番号入力,2024000123,3000,,,佐藤 一郎,髙橋 店長,送信待ち,1,0,,,');
    expect(lines[3]).toBe('');
  });

  it('writes UTF-8 with a BOM for Excel, and counts what Shift_JIS cannot hold', () => {
    const { bytes } = registerCsv([saleNow()], { language: 'ja', encoding: 'utf8-bom' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('連番,営業日');
    expect(encodeCsv('名前😀,x\r\n', 'shift_jis').unencodable).toBe(1);
  });

  it('defuses formulas and quotes cells with commas', () => {
    const text = registerCsvText([saleNow({ cashier: '=HYPERLINK("x")', memberNo: '1,2' })], { language: 'en' });
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain('"1,2"');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { cashierSettingsOf } from '../../../src/main/core/settings-views';
import { settingsForEnv } from '../../helpers/settings';
import { businessDay } from '../../../src/main/cashier/sales';
import { makeTempDir } from '../../helpers/temp-dir';
import { newId, ok } from '../../helpers/register';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T10:00:00+09:00');
const MEMBER = { memberNo: '2024000091', cardBarcode: 'A2024000091B', name: 'Retentia Blankworth', nameKana: 'リテンシア', status: 'active' as const, maskedEmail: null, portalRegistered: true, balance: 2000, version: 1 };

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;
/** The kiosk's clock, moved by the test. */
let clock = T0;

async function startCore(): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_HEALTH_INTERVAL_SECONDS: '60', KIOSK_NAME_RETENTION_DAYS: '14' });
  // A closed port: the kiosk is offline and queues cash top-ups.
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, now: () => clock, log: () => undefined });
  return core;
}

function db() {
  const services = core?.services();
  if (!services) throw new Error('database not open');
  return services.db;
}

/** A cash top-up through the register, as the cashier does it (signed in afresh: the clock jumps). */
async function topUp(kiosk: KioskCore): Promise<string> {
  await ok(kiosk, 'staffSignIn', { staffNo: '1001', pin: '1111' });
  const id = newId();
  const result = await ok(kiosk, 'registerConfirm', { clientRequestId: id, kind: 'topup', memberNo: MEMBER.memberNo, amount: 1000, cashReceived: 1000 });
  expect(result).toMatchObject({ outcome: 'queued', transaction: { memberName: MEMBER.name } });
  return id;
}

/** The receipt view of an earlier transaction (a repeated confirmation answers with it). */
async function receiptName(kiosk: KioskCore, id: string): Promise<string> {
  await ok(kiosk, 'staffSignIn', { staffNo: '1001', pin: '1111' });
  const replay = await ok(kiosk, 'registerConfirm', { clientRequestId: id, kind: 'topup', memberNo: MEMBER.memberNo, amount: 1000, cashReceived: 1000 });
  expect(replay.replayed).toBe(true);
  return replay.transaction.memberName;
}

function row(id: string) {
  return db().prepare('SELECT member_name_sealed AS sealed, flag_note AS note, cash_received AS cash, business_day AS day FROM register_transactions WHERE client_request_id = ?').get(id) as {
    sealed: Buffer | null;
    note: string | null;
    cash: number;
    day: string;
  };
}

function inFiles(bytes: Buffer): boolean {
  const file = join(temp.dir, 'kiosk.sqlite');
  return [file, `${file}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(bytes));
}

beforeEach(() => {
  temp = makeTempDir('name-retention-');
  clock = T0;
  // Only the sweeps' intervals are driven by the test; every other timer is real.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  await core?.close();
  core = null;
  vi.useRealTimers();
  temp.cleanup();
});

describe('name retention on register rows (KIOSK_NAME_RETENTION_DAYS)', () => {
  it('keeps names while retained, blanks names and flag notes after, hourly and at start; money, end of day and CSV stay', async () => {
    const kiosk = await startCore();
    kiosk.services()?.sync.roster.store.applyPage([MEMBER], 'c-1', clock, clock);
    const first = await topUp(kiosk);
    // A supervisor's note on the row (as resolving a flag leaves it).
    db().prepare("UPDATE register_transactions SET flag_note = 'Called Ms. Blankworth back' WHERE client_request_id = ?").run(first);
    const sealed = row(first).sealed as Buffer;
    expect(Buffer.isBuffer(sealed)).toBe(true);
    db().pragma('wal_checkpoint(TRUNCATE)');
    expect(inFiles(sealed)).toBe(true);

    // Day 13: the hourly sweep leaves it alone.
    clock = T0 + 13 * DAY;
    const second = await topUp(kiosk);
    vi.advanceTimersByTime(HOUR);
    expect(await receiptName(kiosk, first)).toBe(MEMBER.name);
    expect(row(first).note).toBe('Called Ms. Blankworth back');

    // Just past 14 days: the next hourly sweep blanks the name and the note of the first row only.
    clock = T0 + 14 * DAY + 1;
    vi.advanceTimersByTime(HOUR);
    expect(row(first)).toMatchObject({ sealed: null, note: null, cash: 1000, day: businessDay(T0) });
    expect(await receiptName(kiosk, first)).toBe('');
    expect(await receiptName(kiosk, second)).toBe(MEMBER.name);
    // Zeroed and the WAL truncated: the old sealed bytes are in neither file.
    expect(inFiles(sealed)).toBe(false);
    // The money is untouched: end of day and the CSV of that day still count it.
    expect((await ok(kiosk, 'registerEndOfDay', { day: businessDay(T0) })).totals).toMatchObject({ topupCount: 1, topupAmount: 1000 });
    const csv = await ok(kiosk, 'registerExportCsv', { day: businessDay(T0), language: 'en', encoding: 'utf8-bom' });
    expect(csv.rows).toBe(1);
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain(MEMBER.memberNo);

    // Restarted after the second row's retention: the sweep at start blanks it.
    await kiosk.close();
    core = null;
    clock = T0 + 28 * DAY;
    const restarted = await startCore();
    expect(row(second).sealed).toBeNull();
    expect(await receiptName(restarted, second)).toBe('');
    expect(db().prepare('SELECT count(*) AS n FROM wallet_transactions').get()).toEqual({ n: 2 });
  });

  it('is configurable and validated like the other KIOSK_* settings', () => {
    expect(cashierSettingsOf(settingsForEnv()).nameRetentionMs).toBe(14 * DAY);
    expect(cashierSettingsOf(settingsForEnv({ KIOSK_NAME_RETENTION_DAYS: '30' })).nameRetentionMs).toBe(30 * DAY);
    for (const bad of ['0', '-1', '1.5', '366', 'two weeks']) expect(() => loadConfig({ KIOSK_NAME_RETENTION_DAYS: bad })).toThrow(/KIOSK_NAME_RETENTION_DAYS/);
  });
});

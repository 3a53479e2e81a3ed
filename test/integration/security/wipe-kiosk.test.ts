import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { readAudit, verifyAuditChain } from '../../../src/main/staff/audit';
import { recordWalletTransaction } from '../../../src/main/sync/wallet-ledger';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

const NAME = '和井風 太郎';
const KANA = 'ワイプテスト';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;

function db(): SqliteDatabase {
  const services = core.services();
  if (!services) throw new Error('database not open');
  return services.db;
}

function count(table: string): number {
  return (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Personal data in every place the kiosk keeps it, as the flows would leave it. */
function seedPersonalData(): string {
  const now = Date.now();
  db()
    .prepare(
      `INSERT INTO roster_members (member_no, card_barcode, name, name_kana, status, masked_email, portal_registered, balance, version, updated_at)
       VALUES ('2024000099', 'A2024000099B', ?, ?, 'active', 't***@e***.jp', 0, 1000, 1, ?)`,
    )
    .run(NAME, KANA, now);
  db().prepare("INSERT INTO sync_state (key, value) VALUES ('roster_cursor', 'c-1'), ('roster_as_of', ?)").run(String(now));
  db()
    .prepare(
      `INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed)
       VALUES ('00000000-0000-4000-8000-000000000001', 'signup', ?, 'info', ?, ?, ?, ?)`,
    )
    .run('a'.repeat(64), now, now, now + 3_600_000, Buffer.from(`sealed ${KANA}`));
  db()
    .prepare(
      `INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, masked_email, created_at, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000002', 'emailChange', 'd', '2024000099', 'applied', 'w***@e***.jp', ?, ?)`,
    )
    .run(now, now);
  const sale = db().transaction(() => recordWalletTransaction(db(), { memberNo: '2024000099', kind: 'topup', amount: 1000, now }))();
  db()
    .prepare(
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name, cash_received, change_given, staff_id, staff_name, flag_note)
       VALUES (?, '2026-01-05', 'card', ?, 1000, 0, 's1', 'Staff', ?)`,
    )
    .run(sale.clientRequestId, NAME, `${KANA} paid in cash`);
  return sale.clientRequestId;
}

function fileBytesContain(text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  const file = join(temp.dir, 'kiosk.sqlite');
  return [file, `${file}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(needle));
}

beforeEach(async () => {
  temp = makeTempDir('wipe-');
  core = await startTestCore(temp.dir);
});
afterEach(async () => {
  await core.close();
  temp.cleanup();
});

describe('wipeKiosk', () => {
  it('is for admins only, and refused while operations wait to be sent (nothing is lost)', async () => {
    seedPersonalData();
    expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    for (const pin of ['1111', '2222']) {
      await core.call('staffSignIn', { pin });
      expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await core.call('staffSignIn', { pin: '3333' });
    expect(await core.call('wipeKiosk', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: false, error: { code: 'request_conflict', details: { waiting: 1 } } });
    expect(count('roster_members')).toBe(1);
    expect(count('outbox')).toBe(1);
  });

  it('removes every row of personal data, the names on register rows and the draft key, audited, and leaves nothing readable in the files', async () => {
    expect(await core.call('counterCheckCard', { memberNo: '2024000001' })).toMatchObject({ ok: true });
    expect(existsSync(join(temp.dir, 'draft.key'))).toBe(true);
    const saleId = seedPersonalData();
    // The operation was sent meanwhile and staff gave up on another: nothing waits any more.
    db().prepare("UPDATE outbox SET state = 'discarded'").run();
    db().pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytesContain(KANA)).toBe(true);

    await core.call('staffSignIn', { pin: '3333' });
    const result = await core.call('wipeKiosk', { confirm: 'WIPE' });
    expect(result).toMatchObject({
      ok: true,
      value: { rows: { counter_drafts: 1, counter_submissions: 1, roster_members: 1, register_transactions: 1, outbox: 1, sync_state: 2 }, keyFilesRemoved: 1, restartRequired: true },
    });
    for (const table of ['counter_drafts', 'counter_submissions', 'roster_members', 'outbox']) expect([table, count(table)]).toEqual([table, 0]);
    // The money record stays, without the name.
    expect(db().prepare('SELECT member_name AS name, flag_note AS note FROM register_transactions WHERE client_request_id = ?').get(saleId)).toEqual({ name: '', note: null });
    expect(count('wallet_transactions')).toBe(1);
    expect(existsSync(join(temp.dir, 'draft.key'))).toBe(false);

    const [entry] = readAudit(db(), 1);
    expect(entry).toMatchObject({ action: 'admin.wipe_kiosk', detail: { keyFilesRemoved: 1, rows: { roster_members: 1 } } });
    expect(verifyAuditChain(db())).toMatchObject({ ok: true });
    // secure_delete + a truncated WAL: the deleted text is not in the database file or its WAL.
    expect(fileBytesContain(KANA)).toBe(false);
    expect(fileBytesContain(NAME)).toBe(false);
  });
});

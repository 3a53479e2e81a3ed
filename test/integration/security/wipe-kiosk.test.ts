import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { DraftCipher } from '../../../src/main/db/sealing';
import { readAudit, verifyAuditChain } from '../../../src/main/staff/audit';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import type { PortalServerHandle } from '../../../src/portal/server';
import { http, startTestPortal, waitFor } from '../../fixtures/portal/harness';
import { startTestCore } from '../../helpers/core';
import { ok } from '../../helpers/register';
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
  // As a roster pull leaves it: names sealed, cursor and "as of" set.
  core.services()?.sync.roster.store.applyPage(
    [{ memberNo: '2024000099', cardBarcode: 'A2024000099B', name: NAME, nameKana: KANA, status: 'active', maskedEmail: 't***@e***.jp', portalRegistered: false, balance: 1000, version: 1 }],
    'c-1',
    now,
    now,
  );
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
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name_sealed, cash_received, change_given, staff_id, staff_name, flag_note)
       VALUES (?, '2026-01-05', 'card', ?, 1000, 0, 's1', 'Staff', ?)`,
    )
    .run(sale.clientRequestId, Buffer.from(`sealed name ${'x'.repeat(32)}`), `${KANA} paid in cash`);
  db().prepare('UPDATE register_transactions SET flag_note_sealed = ? WHERE client_request_id = ?').run(Buffer.from(`sealed note ${'n'.repeat(32)}`), sale.clientRequestId);
  // A receipt still owed by an unplugged printer, and one kept for a reprint.
  const job = db().prepare(
    `INSERT INTO print_jobs (id, printer, client_request_id, kind, document_sealed, kick_drawer, enqueued_at, state, done_at)
     VALUES (?, 'tcp:192.0.2.10:9100', ?, 'receipt', ?, 0, ?, ?, ?)`,
  );
  job.run('job-waiting', sale.clientRequestId, Buffer.from(`sealed receipt ${'r'.repeat(32)}`), now, 'waiting', null);
  job.run('job-printed', sale.clientRequestId, Buffer.from(`sealed receipt ${'p'.repeat(32)}`), now, 'printed', now);
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
    for (const [staffNo, pin] of [['1001', '1111'], ['2001', '2222']] as const) {
      await core.call('staffSignIn', { staffNo, pin });
      expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await core.call('staffSignIn', { staffNo: '3001', pin: '3333' });
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

    await core.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    const result = await core.call('wipeKiosk', { confirm: 'WIPE' });
    expect(result).toMatchObject({
      ok: true,
      value: { rows: { counter_drafts: 1, counter_submissions: 1, roster_members: 1, register_transactions: 1, print_jobs: 2, outbox: 1, sync_state: 2 }, keyFilesRemoved: 1 },
    });
    // No restart asked for: the core dropped the key from memory as well.
    expect(result.ok && 'restartRequired' in (result.value as object)).toBe(false);
    for (const table of ['counter_drafts', 'counter_submissions', 'roster_members', 'outbox']) expect([table, count(table)]).toEqual([table, 0]);
    // The money record stays, without the name.
    expect(db().prepare('SELECT member_name_sealed AS name, flag_note AS note, flag_note_sealed AS sealedNote FROM register_transactions WHERE client_request_id = ?').get(saleId)).toEqual({ name: null, note: null, sealedNote: null });
    // No receipt document is left; the one still owed says why it will not print.
    expect(db().prepare('SELECT id, state, failure, document_sealed AS document FROM print_jobs ORDER BY id').all()).toEqual([
      { id: 'job-printed', state: 'printed', failure: null, document: null },
      { id: 'job-waiting', state: 'failed', failure: 'removed by the personal-data wipe', document: null },
    ]);
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

describe('names at rest and the key in memory', () => {
  // Distinctive names, so any copy in the files is found: a kanji one and a latin one.
  const KANJI = { memberNo: '2024000081', name: '鍵谷 秘子', nameKana: 'カギヤ ヒメコ', birthDate: '2005-05-05', email: 'himeko.kagiya@example.ac.jp', balance: 3000 };
  const LATIN = { memberNo: '2024000082', name: 'Zephyrine Quillbottom', nameKana: 'ゼフィリーン', birthDate: '2005-06-06', email: 'zq@example.ac.jp', balance: 3000 };
  const CLEAR_TEXTS = [KANJI.name, KANJI.nameKana, LATIN.name, 'Quillbottom', LATIN.nameKana];
  let portal: PortalServerHandle;

  const keyFile = () => join(temp.dir, 'draft.key');

  beforeEach(async () => {
    portal = await startTestPortal();
    expect((await http(portal.url, 'POST', '/admin/members', { members: [KANJI, LATIN] })).status).toBe(200);
    // This test's kiosk talks to the portal (the shared one above has none).
    await core.close();
    core = await startTestCore(temp.dir, {}, portal.url);
  });
  afterEach(async () => {
    await portal.close();
  });

  it('keeps roster and register names sealed in the database and WAL after a pull and a transaction; receipts still show them', async () => {
    const sync = () => core.services()?.sync;
    await waitFor(() => sync()?.connectivity.state === 'online', 'kiosk online');
    await waitFor(() => sync()?.roster.store.byMemberNo(LATIN.memberNo) !== null && sync()?.roster.store.byMemberNo(KANJI.memberNo) !== null, 'roster pulled');
    // The roster answers with the names (opened in memory) …
    expect(sync()?.roster.store.byMemberNo(KANJI.memberNo)?.member).toMatchObject({ name: KANJI.name, nameKana: KANJI.nameKana, maskedEmail: expect.stringContaining('***') });
    // … while neither the database file nor its WAL holds them (nor the masked address) in clear.
    const masked = sync()?.roster.store.byMemberNo(KANJI.memberNo)?.member.maskedEmail as string;
    for (const text of [...CLEAR_TEXTS, masked]) expect([text, fileBytesContain(text)]).toEqual([text, false]);

    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    for (const m of [KANJI, LATIN]) {
      const panel = await ok(core, 'registerOpenMember', { memberNo: m.memberNo });
      expect(panel.name).toBe(m.name);
      const result = await ok(core, 'registerConfirm', { clientRequestId: randomUUID(), kind: 'topup', memberNo: m.memberNo, amount: 1000, cashReceived: 1000 });
      expect(result.outcome).toBe('done');
      // The receipt shows the name while it is retained.
      expect(result.transaction.memberName).toBe(m.name);
    }
    const rows = db().prepare('SELECT member_name_sealed AS sealed FROM register_transactions').all() as Array<{ sealed: Buffer | null }>;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(Buffer.isBuffer(row.sealed)).toBe(true);
    for (const text of CLEAR_TEXTS) expect([text, fileBytesContain(text)]).toEqual([text, false]);
    // Also once everything is checkpointed into the database file.
    db().pragma('wal_checkpoint(TRUNCATE)');
    for (const text of CLEAR_TEXTS) expect([text, fileBytesContain(text)]).toEqual([text, false]);
  });

  it('drops the key in memory: a draft sealed before the wipe does not open after it, a new draft works without a restart under a fresh 0600 key', async () => {
    await waitFor(() => core.services()?.sync.connectivity.state === 'online', 'kiosk online');
    await ok(core, 'counterStart', { flow: 'signup', memberNo: KANJI.memberNo, birthDate: KANJI.birthDate, via: 'card', language: 'ja' });
    const before = db().prepare('SELECT id, flow, sealed FROM counter_drafts').get() as { id: string; flow: string; sealed: Buffer };
    const oldKey = readFileSync(keyFile());
    const aad = (draft: { id: string; flow: string }) => `counter_drafts:${draft.id}:${draft.flow}`;
    expect(new DraftCipher(oldKey).open(before.sealed, aad(before))).toMatchObject({ memberNo: KANJI.memberNo });
    await ok(core, 'counterCancel', {});

    await ok(core, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    const wiped = await ok(core, 'wipeKiosk', { confirm: 'WIPE' });
    expect(wiped.keyFilesRemoved).toBe(1);
    await ok(core, 'staffSignOut', {});

    // The same core, no restart: a new draft is sealed under a new key, in a new 0600 key file.
    await ok(core, 'counterStart', { flow: 'signup', memberNo: LATIN.memberNo, birthDate: LATIN.birthDate, via: 'card', language: 'en' });
    const after = db().prepare('SELECT id, flow, sealed FROM counter_drafts').get() as { id: string; flow: string; sealed: Buffer };
    expect(after.id).not.toBe(before.id);
    expect(existsSync(keyFile())).toBe(true);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const newKey = readFileSync(keyFile());
    expect(newKey.equals(oldKey)).toBe(false);
    expect(new DraftCipher(newKey).open(after.sealed, aad(after))).toMatchObject({ memberNo: LATIN.memberNo });
    expect(() => new DraftCipher(oldKey).open(after.sealed, aad(after))).toThrow();
    // What the old key sealed does not open under the kiosk's key any more.
    expect(() => new DraftCipher(newKey).open(before.sealed, aad(before))).toThrow();
    // And the flow carries on through the kiosk: the draft is read back with the new key.
    expect(await ok(core, 'counterGetFlow', {})).toMatchObject({ flowId: after.id });
  });
});

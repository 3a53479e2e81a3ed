import { appendAudit } from '../../../src/main/staff/audit';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { DraftCipher } from '../../../src/main/db/sealing';
import { enqueueOperation, sealOutboxPayloads, SqliteOutboxStore } from '../../../src/main/sync/outbox';
import type { SignupPayload } from '../../../src/shared/portal-api/types';
import { makeTempDir } from '../../helpers/temp-dir';

const SIGNUP: SignupPayload = {
  memberNo: '2024000001',
  email: 'sealed.student@example.ac.jp',
  profile: {
    name: '封印 花子',
    nameKana: 'フウイン ハナコ',
    phone: '+819012345678',
    postalCode: '1000001',
    address: { prefecture: '東京都', city: '千代田区', town: '千代田' },
    university: '東京大学',
    faculty: '工学部',
    studentNo: 'A1234567',
  },
  locale: 'ja',
};

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
beforeEach(() => {
  temp = makeTempDir();
  db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

function codec(cipher: DraftCipher) {
  return {
    seal: (payload: object, id: string) => cipher.seal(payload, `outbox:${id}`).toString('base64'),
    open: (sealed: string, id: string) => cipher.open<Record<string, unknown>>(Buffer.from(sealed, 'base64'), `outbox:${id}`),
  };
}

function enqueue(payload: object) {
  return db.transaction(() => enqueueOperation(db, { kind: 'signup.create', memberKey: SIGNUP.memberNo, payload, now: Date.now() }))();
}

describe('sealed outbox payloads', () => {
  it('keep a queued sign-up unreadable in the database file and its WAL, and open for the sync engine', () => {
    sealOutboxPayloads(db, codec(new DraftCipher(randomBytes(32))));
    const { clientRequestId } = enqueue(SIGNUP);
    const onDisk = Buffer.concat([readFileSync(join(temp.dir, 'k.sqlite')), readFileSync(join(temp.dir, 'k.sqlite-wal'))]).toString('utf8');
    for (const secret of [SIGNUP.email, SIGNUP.profile.name, SIGNUP.profile.phone, '千代田区', 'A1234567']) expect(onDisk).not.toContain(secret);
    const [item] = new SqliteOutboxStore(db, {}, appendAudit).nextBatch(10);
    expect(item).toMatchObject({ clientRequestId, kind: 'signup.create', payload: SIGNUP });
  });

  it('keep a queued repair request (its contact address) unreadable on disk too', () => {
    sealOutboxPayloads(db, codec(new DraftCipher(randomBytes(32))));
    const repair = { memberNo: SIGNUP.memberNo, problems: ['login_error'], contactEmail: 'repair.contact@example.ac.jp', locale: 'ja' };
    const { clientRequestId } = db.transaction(() => enqueueOperation(db, { kind: 'repair_request.create', memberKey: SIGNUP.memberNo, payload: repair, now: Date.now() }))();
    const onDisk = Buffer.concat([readFileSync(join(temp.dir, 'k.sqlite')), readFileSync(join(temp.dir, 'k.sqlite-wal'))]).toString('utf8');
    expect(onDisk).not.toContain('repair.contact');
    const [item] = new SqliteOutboxStore(db, {}, appendAudit).nextBatch(10);
    expect(item).toMatchObject({ clientRequestId, kind: 'repair_request.create', payload: repair });
  });

  it('refuse a sealed payload moved to another row, or opened with another key', () => {
    sealOutboxPayloads(db, codec(new DraftCipher(randomBytes(32))));
    enqueue(SIGNUP);
    enqueue({ ...SIGNUP, memberNo: '2024000002' });
    const [first] = db.prepare('SELECT payload FROM outbox ORDER BY seq').all() as Array<{ payload: string }>;
    // Bypass nothing but the row binding: copy the first row's sealed blob onto the second row.
    db.prepare('UPDATE outbox SET payload = ? WHERE seq = (SELECT max(seq) FROM outbox)').run(first?.payload);
    // The batch ends before the row that does not open (the rows before it still go); alone, it throws.
    expect(new SqliteOutboxStore(db, {}, appendAudit).nextBatch(10).map((item) => item.payload.memberNo)).toEqual(['2024000001']);
    db.prepare('DELETE FROM outbox WHERE seq = (SELECT min(seq) FROM outbox)').run();
    expect(() => new SqliteOutboxStore(db, {}, appendAudit).nextBatch(10)).toThrow();
    sealOutboxPayloads(db, codec(new DraftCipher(randomBytes(32))));
    expect(() => new SqliteOutboxStore(db, {}, appendAudit).nextBatch(1)).toThrow();
  });

  it('still read rows written before sealing was on', () => {
    enqueue(SIGNUP);
    sealOutboxPayloads(db, codec(new DraftCipher(randomBytes(32))));
    enqueue({ ...SIGNUP, memberNo: '2024000002' });
    expect(new SqliteOutboxStore(db, {}, appendAudit).nextBatch(10).map((item) => item.payload.memberNo)).toEqual(['2024000001', '2024000002']);
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { registerNames } from '../../../src/main/cashier/sales';
import { DraftCipher, SealingKey } from '../../../src/main/db/sealing';
import { MemberDirectory, RosterStore, RosterSync } from '../../../src/main/members/roster';
import type { RosterMember } from '../../../src/shared/portal-api/types';
import { makeTempDir } from '../../helpers/temp-dir';

const HANAKO: RosterMember = { memberNo: '2024000071', cardBarcode: 'A2024000071B', name: '封緘 花子', nameKana: 'フウカン ハナコ', status: 'active', maskedEmail: 'h***@example.ac.jp', portalRegistered: true, balance: 1500, version: 3 };
const OSCAR: RosterMember = { memberNo: '2024000072', cardBarcode: 'A2024000072B', name: 'Oscar Sealwright', nameKana: 'オスカー', status: 'suspended', maskedEmail: null, balance: 0, version: 4 };

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
const kioskKey = new DraftCipher(randomBytes(32));

beforeEach(() => {
  temp = makeTempDir('roster-sealing-');
  db = openKioskDatabase(join(temp.dir, 'kiosk.sqlite'));
  new RosterStore(db, () => kioskKey).applyPage([HANAKO, OSCAR], 'cursor-2', 1_700_000_000_000, 1_700_000_000_000);
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

function inFiles(text: string): boolean {
  const file = join(temp.dir, 'kiosk.sqlite');
  return [file, `${file}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text, 'utf8')));
}

const unavailable = { name: '', nameKana: '', maskedEmail: null };

describe('roster names at rest', () => {
  it('are sealed: the row has no name columns and the files hold no name, furigana or masked address', () => {
    const columns = (db.prepare('PRAGMA table_info(roster_members)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('name');
    expect(columns).not.toContain('name_kana');
    expect(columns).not.toContain('masked_email');
    for (const text of [HANAKO.name, HANAKO.nameKana, HANAKO.maskedEmail as string, OSCAR.name]) expect([text, inFiles(text)]).toEqual([text, false]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const text of [HANAKO.name, OSCAR.name]) expect([text, inFiles(text)]).toEqual([text, false]);
    // With the kiosk's key they open, by number and by card.
    const store = new RosterStore(db, () => kioskKey);
    expect(store.byMemberNo(HANAKO.memberNo)?.member).toMatchObject({ name: HANAKO.name, nameKana: HANAKO.nameKana, maskedEmail: HANAKO.maskedEmail });
    expect(store.byCardBarcode(OSCAR.cardBarcode)?.member).toMatchObject({ memberNo: OSCAR.memberNo, name: OSCAR.name, status: 'suspended' });
  });

  it('with a foreign key (a restored data folder): number, status and balance still answer, the name is unavailable, and the next pull starts over', () => {
    const foreign = new RosterStore(db, () => new DraftCipher(randomBytes(32)));
    expect(foreign.byMemberNo(HANAKO.memberNo)).toEqual({
      source: 'roster',
      asOf: 1_700_000_000_000,
      member: { memberNo: HANAKO.memberNo, cardBarcode: HANAKO.cardBarcode, status: 'active', portalRegistered: true, balance: 1500, ...unavailable },
    });
    expect(foreign.byCardBarcode(OSCAR.cardBarcode)?.member).toMatchObject({ memberNo: OSCAR.memberNo, status: 'suspended', ...unavailable });
    // The cursor is dropped so every member comes back sealed with the current key; "as of" stays.
    expect(foreign.cursor()).toBeNull();
    expect(foreign.asOf()).toBe(1_700_000_000_000);
  });

  it('with a key that cannot be read at all: lookups answer without names, nothing is written (never in clear)', () => {
    const broken = new RosterStore(db, () => {
      throw new Error('The draft key file is not 32 bytes');
    });
    expect(broken.byMemberNo(OSCAR.memberNo)?.member).toMatchObject({ memberNo: OSCAR.memberNo, status: 'suspended', balance: 0, ...unavailable });
    expect(broken.cursor()).toBe('cursor-2');
    // A live answer is not cached, a pulled page is refused whole.
    expect(broken.refresh({ ...HANAKO, portalRegistered: true, name: 'Never Stored', asOf: new Date().toISOString() }, Date.now())).toBe(false);
    expect(() => broken.applyPage([{ ...OSCAR, name: 'Never Stored Either', version: 9 }], 'cursor-3', null, Date.now())).toThrow(/32 bytes/);
    expect(broken.cursor()).toBe('cursor-2');
    expect(broken.count()).toBe(2);
    expect(inFiles('Never Stored')).toBe(false);
  });

  it('binds each sealed blob to its member number: a blob moved to another row does not open there', () => {
    db.prepare('UPDATE roster_members SET sealed = (SELECT sealed FROM roster_members WHERE member_no = ?) WHERE member_no = ?').run(HANAKO.memberNo, OSCAR.memberNo);
    const store = new RosterStore(db, () => kioskKey);
    expect(store.byMemberNo(OSCAR.memberNo)?.member).toMatchObject({ memberNo: OSCAR.memberNo, ...unavailable });
    expect(store.byMemberNo(HANAKO.memberNo)?.member.name).toBe(HANAKO.name);
  });

  it('offline lookups through the member directory never fail on the key', async () => {
    const directory = new MemberDirectory(new RosterStore(db, () => new DraftCipher(randomBytes(32))), null);
    expect(await directory.byMemberNo(HANAKO.memberNo)).toMatchObject({ source: 'roster', member: { memberNo: HANAKO.memberNo, status: 'active', name: '' } });
    expect(await directory.byMemberNo('2099999999')).toBeNull();
  });
});

describe('live answers and the cache', () => {
  it('are stamped with the portal\'s read time, and an answer read before the cached row changes nothing', async () => {
    const store = new RosterStore(db, () => kioskKey);
    const readAt = 1_700_000_100_000;
    // A live answer read before a newer page arrived (slow network): the page's balance stays.
    store.applyPage([{ ...HANAKO, balance: 2500, version: 5 }], 'cursor-3', readAt + 5_000, readAt + 5_000);
    expect(store.refresh({ ...HANAKO, portalRegistered: true, balance: 1500, asOf: new Date(readAt).toISOString() }, readAt)).toBe(true);
    expect(store.byMemberNo(HANAKO.memberNo)).toMatchObject({ asOf: readAt + 5_000, member: { balance: 2500 } });
    // Through the directory: the row gets the portal's "as of", not the time the answer arrived.
    const client = { getMember: async () => ({ ...HANAKO, portalRegistered: true, balance: 3000, asOf: new Date(readAt + 9_000).toISOString() }) };
    const directory = new MemberDirectory(store, client as never, { now: () => readAt + 60_000 } as never);
    expect(await directory.byMemberNo(HANAKO.memberNo)).toMatchObject({ source: 'portal', asOf: readAt + 9_000 });
    expect(store.byMemberNo(HANAKO.memberNo)).toMatchObject({ asOf: readAt + 9_000, member: { balance: 3000 } });
  });
});

describe('a pull overtaken by a cursor reset (the admin wipe, a foreign key)', () => {
  it('does not write the pages still on their way, so the next pull starts over and brings every member back', async () => {
    const page = (n: number, hasMore: boolean) => ({
      members: [{ ...HANAKO, memberNo: `20240001${String(n).padStart(2, '0')}`, cardBarcode: `A20240001${String(n).padStart(2, '0')}B`, version: 10 + n }],
      nextCursor: `c${n}`,
      hasMore,
      asOf: new Date(1_700_000_200_000 + n).toISOString(),
    });
    let served = 0;
    const client = {
      getRoster: async () => {
        served += 1;
        // While the second page is on its way, the wipe empties the roster and drops the cursor.
        if (served === 2) {
          db.prepare('DELETE FROM roster_members').run();
          db.prepare("DELETE FROM sync_state WHERE key IN ('roster_cursor', 'roster_as_of')").run();
        }
        return page(served, served < 3);
      },
    };
    const sync = new RosterSync({ db, client: client as never, sealing: () => kioskKey });
    const first = await sync.pull();
    expect(first).toMatchObject({ pages: 2, cursor: null });
    expect(sync.store.count()).toBe(0);
    expect(sync.store.cursor()).toBeNull();
  });
});

describe('register names', () => {
  it('open only with the key and the row they were sealed for; otherwise they read as blank', () => {
    const names = registerNames(() => kioskKey);
    const id = '00000000-0000-4000-8000-000000000071';
    const sealed = names.seal('Oscar Sealwright', id);
    expect(sealed?.includes(Buffer.from('Oscar'))).toBe(false);
    expect(names.open(sealed, id)).toBe('Oscar Sealwright');
    expect(names.open(sealed, '00000000-0000-4000-8000-000000000072')).toBe('');
    expect(registerNames(() => new DraftCipher(randomBytes(32))).open(sealed, id)).toBe('');
    expect(
      registerNames(() => {
        throw new Error('no key');
      }).open(sealed, id),
    ).toBe('');
    expect(names.seal('', id)).toBeNull();
    expect(names.open(null, id)).toBe('');
    // Without a readable key a sale keeps no name, never one in clear, and the sale goes on.
    expect(registerNames(() => { throw new Error('keychain locked'); }).seal('Oscar Sealwright', id)).toBeNull();
  });

  it('an unreadable key is a typed error saying what to do, and nothing is cached until it reads', () => {
    let fail = true;
    const key = new SealingKey({ load: () => { if (fail) throw new Error('keychain locked'); return randomBytes(32); } } as never);
    expect(() => key.current()).toThrow(expect.objectContaining({ code: 'key_unavailable', message: expect.stringContaining('restart the kiosk') }));
    fail = false;
    expect(key.current()).toBeInstanceOf(DraftCipher);
  });
});

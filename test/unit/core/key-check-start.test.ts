/**
 * The at-rest key check on every start (issue 18): a key that did not change is only read, so a
 * start commits nothing for it (no WAL fsync on the path to the ready line); a new key is recorded.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAtRestKey } from '../../../src/main/core/key-check';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { DraftCipher } from '../../../src/main/db/sealing';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
beforeEach(() => {
  temp = makeTempDir('key-check-start-');
  db = openKioskDatabase(join(temp.dir, 'kiosk.sqlite'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const setAt = () => (db.prepare('SELECT set_at AS setAt FROM at_rest_key_check WHERE id = 1').get() as { setAt: number }).setAt;
const changes = () => Number(db.prepare('SELECT total_changes() AS n').pluck().get());

describe('at-rest key check at start', () => {
  it('writes nothing when the key is the one recorded, and records a new key', () => {
    const key = new DraftCipher(randomBytes(32));
    expect(checkAtRestKey(db, key, 1_000)).toEqual({ state: 'ok' });
    expect(setAt()).toBe(1_000);

    const before = changes();
    expect(checkAtRestKey(db, key, 2_000)).toEqual({ state: 'ok' });
    expect(changes()).toBe(before);
    expect(setAt()).toBe(1_000);

    checkAtRestKey(db, new DraftCipher(randomBytes(32)), 3_000);
    expect(setAt()).toBe(3_000);
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0009-')));
afterEach(() => temp.cleanup());

describe('migration 0009 (configuration documents)', () => {
  it('adds a STRICT table of JSON documents, one per kind, to a version-6 database', () => {
    const file = join(temp.dir, 'k.sqlite');
    openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 6) }).close();
    const db = openKioskDatabase(file);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'config_documents'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT$/);
    const insert = db.prepare('INSERT INTO config_documents (name, document, revision, updated_at) VALUES (?, ?, 1, 0)');
    insert.run('settings', '{"offline":{"paymentMax":1000}}');
    expect(() => insert.run('secrets', '{}')).toThrow(/CHECK/);
    expect(() => insert.run('catalog', 'not json')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO config_documents (name, document, revision, updated_at) VALUES ('nomenclature', '{}', 0, 0)").run()).toThrow(/CHECK/);
    db.close();
  });
});

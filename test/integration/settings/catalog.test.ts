import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { readAudit } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';
import { ok, refused } from '../../helpers/register';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;

async function startCore(): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, log: () => undefined });
  await ok(core, 'staffSignIn', { staffNo: '3001', pin: '3333' });
  return core;
}

const sjis = (text: string) => iconv.encode(text, 'Shift_JIS').toString('base64');

beforeEach(() => (temp = makeTempDir('catalog-')));
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('registration catalog in the settings room', () => {
  it('a Shift_JIS CSV is previewed, saved (audited) and used by the sign-up form at once, across a restart', async () => {
    const kiosk = await startCore();
    expect((await ok(kiosk, 'getRegistrationCatalog', {})).universities[0]?.name).toBe('生協大学');
    const preview = await ok(kiosk, 'previewCatalogCsv', { base64: sjis('大学,学部,学科\r\n北辰大学,工学部,情報工学科\r\n北辰大学,文学部,\r\n') });
    expect(preview).toMatchObject({ encoding: 'shift_jis', rows: 2, catalog: { universities: [{ name: '北辰大学', faculties: ['工学部 情報工学科', '文学部'] }] } });
    // A preview changes nothing yet.
    expect((await ok(kiosk, 'getRegistrationCatalog', {})).universities[0]?.name).toBe('生協大学');
    const saved = await ok(kiosk, 'saveCatalog', { catalog: preview.catalog });
    expect(saved.changes.map((change) => change.key)).toEqual(['catalog.北辰大学', 'catalog.生協大学', 'catalog.生協大学大学院']);
    expect(await ok(kiosk, 'getRegistrationCatalog', {})).toEqual(preview.catalog);
    const audit = readAudit(kiosk.services()!.db).filter((row) => row.action === 'catalog.update');
    expect(audit[0]?.detail).toMatchObject({ changes: [{ key: 'catalog.北辰大学', old: null, new: ['工学部 情報工学科', '文学部'] }, { key: 'catalog.生協大学', new: null }, { key: 'catalog.生協大学大学院', new: null }] });
    await kiosk.close();
    const again = await startCore();
    expect(await ok(again, 'getRegistrationCatalog', {})).toEqual(preview.catalog);
  });

  it('refuses a CSV with a broken row, naming the row and what to fix; the catalog in force stays', async () => {
    const kiosk = await startCore();
    const broken = await refused(kiosk, 'previewCatalogCsv', { base64: sjis('大学,学部\r\n北辰大学,工学部\r\n,文学部\r\n') });
    expect(broken.code).toBe('config_invalid');
    const issues = (broken.details as { issues: Array<{ path: string; message: { ja: string; en: string } }> }).issues;
    expect(issues).toEqual([{ path: 'row 3', key: 'catalog.universityMissing', message: { en: 'The university is empty: fill it in or delete the row.', ja: '大学が空欄です。入力するか、行を削除してください。' } }]);
    const empty = await refused(kiosk, 'saveCatalog', { catalog: { universities: [{ name: '北辰大学', faculties: [] }] } });
    expect(empty.code).toBe('config_invalid');
    expect((await ok(kiosk, 'getRegistrationCatalog', {})).universities[0]?.name).toBe('生協大学');
  });
});

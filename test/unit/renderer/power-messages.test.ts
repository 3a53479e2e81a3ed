// @vitest-environment happy-dom
/**
 * What staff and cashiers read after a power cut or on a full disk (issue 13), with the real
 * message files in both languages: the staff status names exactly what personal data a lost key
 * took (counts and the member numbers of the lost sign-ups) and says money was kept; a full disk
 * says nothing was saved, what to do, and that no restart is needed.
 */
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffStatus } from '../../../src/shared/kiosk-api';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import StaffStatusPanel from '../../../src/renderer/src/components/staff/StaffStatusPanel.vue';

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function render(locale: 'ja' | 'en', status: StaffStatus): Promise<string> {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp({ render: () => h(StaffStatusPanel, { status }) });
  app.use(createPinia()).use(createI18n({ legacy: false, locale, fallbackLocale: 'ja', messages: { ja, en } }));
  app.mount(el);
  mounted.push(() => {
    app.unmount();
    el.remove();
  });
  await nextTick();
  return el.querySelector('[data-testid="status-at-rest-key"]')?.textContent ?? '';
}

function status(atRestKey: StaffStatus['atRestKey']): StaffStatus {
  return {
    hostMode: 'web',
    version: '0.0.0',
    demo: true,
    database: { path: '/data/kiosk.sqlite', schemaVersion: 7, latestSchemaVersion: 7, problem: null },
    portal: { url: 'http://127.0.0.1:5790', embedded: false, connectivity: { state: 'online', checkedAt: null, lastOnlineAt: null }, reason: null },
    sync: null,
    auditAnchor: null,
    atRestKey,
  };
}

const lost: StaffStatus['atRestKey'] = {
  state: 'replaced',
  report: { detectedAt: Date.UTC(2026, 3, 1, 9, 0), operations: [{ seq: 12, kind: 'signup.create', memberNo: '2024000001', createdAt: 0 }], drafts: 2, rosterRows: 40, registerNames: 3 },
};

describe('the staff status after a lost at-rest key', () => {
  it('says exactly what personal data is gone, and that money was kept, in both languages', async () => {
    const english = await render('en', status(lost));
    expect(english).toMatch(/Top-ups and payments were all kept/);
    expect(english).toMatch(/1 queued sign-up .*2024000001.*2 unfinished form.*3 name\(s\) on register rows.*40 roster row/);
    const japanese = await render('ja', status(lost));
    expect(japanese).toMatch(/入金・支払いはすべて保存/);
    expect(japanese).toMatch(/登録・メール変更 1件\(会員番号: 2024000001\).*フォーム 2件.*氏名 3件.*名簿 40件/);
  });

  it('says OK when the key opens everything, and what to do when it cannot be read', async () => {
    expect(await render('en', status({ state: 'ok' }))).toBe('OK');
    expect(await render('ja', status({ state: 'unavailable', message: 'x' }))).toMatch(/再起動.*管理者/);
  });
});

describe('a full disk', () => {
  it('says nothing was saved, what to do, and that no restart is needed, in both languages', () => {
    expect(en.errors.db_full).toMatch(/not saved.*Free some space.*no restart/);
    expect(ja.errors.db_full).toMatch(/保存されていません.*空き.*再起動は不要/);
  });
});

// @vitest-environment happy-dom
/**
 * The staff status screen's log panel, in both languages: the recent warnings and errors as the
 * core returns them, and the export button (supervisor) that downloads the redacted log.
 */
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { beforeAll, afterEach, describe, expect, it, vi } from 'vitest';
import { preloadKioskSchemas } from './preload-schemas';
import type { KioskBridge } from '../../../src/shared/kiosk-api';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import StaffLogPanel from '../../../src/renderer/src/components/staff/StaffLogPanel.vue';

const calls: string[] = [];
window.kiosk = {
  on: () => () => undefined,
  getRecentLog: async () => {
    calls.push('getRecentLog');
    return { ok: true, value: { entries: [{ at: Date.UTC(2026, 0, 5, 3, 4, 5), level: 'error', message: 'kiosk: registerConfirm failed: disk I/O error' }, { at: Date.UTC(2026, 0, 5, 3, 0, 0), level: 'warn', message: 'sync: portal unreachable' }] } };
  },
  exportLog: async () => {
    calls.push('exportLog');
    return { ok: true, value: { filename: 'kiosk-log.txt', text: 'line 1\nline 2\n', lines: 2 } };
  },
} as unknown as KioskBridge;

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  calls.length = 0;
});

async function render(locale: 'ja' | 'en', canExport: boolean): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp({ render: () => h(StaffLogPanel, { canExport }) });
  app.use(createPinia()).use(createI18n({ legacy: false, locale, fallbackLocale: 'ja', messages: { ja, en } }));
  app.mount(el);
  mounted.push(() => {
    app.unmount();
    el.remove();
  });
  for (let i = 0; i < 5; i += 1) await nextTick();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return el;
}

const buttonNamed = (el: HTMLElement, name: string) => [...el.querySelectorAll('button')].find((button) => button.textContent?.trim() === name);


beforeAll(preloadKioskSchemas);
describe('staff log panel', () => {
  it.each([
    ['ja', '最近の警告とエラー', 'エラー', '警告', 'ログを書き出す', 'ログを書き出しました（2 行'],
    ['en', 'Recent warnings and errors', 'Error', 'Warning', 'Export the log', 'The log was exported (2 lines'],
  ] as const)('in %s: lists the recent problems and exports the log', async (locale, heading, error, warning, exportName, done) => {
    const el = await render(locale, true);
    expect(el.querySelector('h2')?.textContent).toBe(heading);
    const rows = [...el.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent?.trim()));
    expect(rows).toEqual([
      [error, 'kiosk: registerConfirm failed: disk I/O error'],
      [warning, 'sync: portal unreachable'],
    ]);
    const createObjectURL = vi.fn(() => 'blob:log');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    buttonNamed(el, exportName)?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
    expect(calls).toContain('exportLog');
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(el.querySelector('[role="status"]')?.textContent).toContain(done);
  });

  it('has no export button for a cashier', async () => {
    const el = await render('en', false);
    expect(buttonNamed(el, 'Export the log')).toBeUndefined();
    expect(buttonNamed(el, 'Refresh the log')).toBeDefined();
  });
});

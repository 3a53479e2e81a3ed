// @vitest-environment happy-dom
/**
 * The offline banner, in both languages: hidden while the portal was never checked (the core's
 * first probe comes a moment after the attract screen, issue 18), shown once a check says the
 * portal is unreachable or unwell, hidden when it is back.
 */
import { createPinia, setActivePinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter } from 'vue-router';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import OfflineBanner from '../../../src/renderer/src/components/shell/OfflineBanner.vue';
import { useKioskStore } from '../../../src/renderer/src/stores/kiosk';

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function render(locale: 'ja' | 'en'): Promise<{ el: HTMLElement; kiosk: ReturnType<typeof useKioskStore> }> {
  const el = document.createElement('div');
  document.body.append(el);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => null } }] });
  const app = createApp({ render: () => h(OfflineBanner) });
  app.use(pinia).use(router).use(createI18n({ legacy: false, locale, fallbackLocale: 'ja', messages: { ja, en } }));
  await router.push('/');
  app.mount(el);
  mounted.push(() => {
    app.unmount();
    el.remove();
  });
  return { el, kiosk: useKioskStore() };
}

const banner = (el: HTMLElement) => el.querySelector('[data-testid="offline-banner"]');

describe('offline banner', () => {
  it.each([
    ['ja', 'オフライン'],
    ['en', 'offline'],
  ] as const)('in %s: waits for the first check, then tells the truth', async (locale, offlineWord) => {
    const { el, kiosk } = await render(locale);
    kiosk.connectivity = { state: 'offline', checkedAt: null, lastOnlineAt: null };
    await nextTick();
    expect(banner(el)).toBeNull();

    kiosk.connectivity = { state: 'offline', checkedAt: 1_000, lastOnlineAt: null };
    await nextTick();
    expect(banner(el)?.getAttribute('role')).toBe('status');
    expect(banner(el)?.textContent?.toLowerCase()).toContain(offlineWord);

    kiosk.connectivity = { state: 'online', checkedAt: 2_000, lastOnlineAt: 2_000 };
    await nextTick();
    expect(banner(el)).toBeNull();
  });
});

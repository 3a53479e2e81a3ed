// @vitest-environment happy-dom
/**
 * Staff screens show ledger and log times in the store's time zone (settings → kiosk state), not
 * in the zone of the machine the browser runs on: the formatter, and the composable the flags,
 * audit, sync and log screens use.
 */
import { createPinia, setActivePinia } from 'pinia';
import { createApp, defineComponent, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskState } from '../../../src/shared/kiosk-api';
import { formatStoreTime } from '../../../src/shared/time/store-time';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import { useStoreTime } from '../../../src/renderer/src/composables/useStoreTime';
import { useKioskStore } from '../../../src/renderer/src/stores/kiosk';

// 2026-12-01 15:30:45 UTC: already 12-02 in Tokyo, still 12-01 in New York.
const AT = Date.UTC(2026, 11, 1, 15, 30, 45);
const STYLE = { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;

describe('formatStoreTime', () => {
  it('formats in the store zone, whatever the machine zone (no machine is in both of these)', () => {
    expect(formatStoreTime(AT, 'ja', 'Asia/Tokyo', STYLE)).toBe('12/02 00:30');
    expect(formatStoreTime(AT, 'ja', 'America/New_York', STYLE)).toBe('12/01 10:30');
    expect(formatStoreTime(AT, 'en', 'America/New_York', STYLE)).toBe('12/01, 10:30 AM');
  });

  it('uses the default store zone (Asia/Tokyo) when none is known yet', () => {
    expect(formatStoreTime(AT, 'ja', undefined, { hour: '2-digit', minute: '2-digit' })).toBe('00:30');
  });
});

describe('useStoreTime', () => {
  const mounted: Array<() => void> = [];
  afterEach(() => {
    for (const unmount of mounted.splice(0)) unmount();
  });

  async function shown(timeZone: string | null, locale: 'ja' | 'en'): Promise<string> {
    const pinia = createPinia();
    setActivePinia(pinia);
    if (timeZone) useKioskStore().state = { timeZone } as KioskState;
    const Probe = defineComponent({
      setup() {
        const storeTime = useStoreTime();
        return () => h('time', storeTime(AT, STYLE));
      },
    });
    const el = document.createElement('div');
    document.body.append(el);
    const app = createApp(Probe).use(pinia).use(createI18n({ legacy: false, locale, messages: { ja, en } }));
    app.mount(el);
    mounted.push(() => {
      app.unmount();
      el.remove();
    });
    await nextTick();
    return el.textContent ?? '';
  }

  it("reads the store's zone from the kiosk state, in the screen's language", async () => {
    expect(await shown('America/New_York', 'ja')).toBe('12/01 10:30');
    expect(await shown('Pacific/Kiritimati', 'en')).toBe('12/02, 05:30 AM');
    expect(await shown(null, 'ja')).toBe('12/02 00:30');
  });
});

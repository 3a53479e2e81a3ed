import { onBeforeUnmount, watch } from 'vue';
import { callKiosk } from '../kiosk/client';
import type { PageWedge } from '../kiosk/page-wedge';
import { useKioskStore } from '../stores/kiosk';

/** Longest data submitWedgeScan takes; a longer burst is sent cut and marked unusable. */
const MAX_SUBMIT_CHARS = 512;

/**
 * Runs the keyboard-wedge detector in the page when the kiosk is served by the web host (in the
 * Electron app, main does it on before-input-event) and a `wedge` source is configured.
 */
export function useWedgeInput(): void {
  const kiosk = useKioskStore();
  let wedge: PageWedge | null = null;
  let disposed = false;

  async function enable(): Promise<void> {
    const settings = await callKiosk('getWedgeSettings', {}).catch(() => null);
    if (disposed || wedge || settings?.runsIn !== 'renderer') return;
    // The detector and the barcode rules load only where the page runs the wedge (not on the attract screen's first chunk).
    const { PageWedge } = await import('../kiosk/page-wedge');
    if (disposed || wedge) return;
    wedge = new PageWedge({
      settings,
      submit: (scan) => {
        const chars = [...scan.data];
        const cut = chars.length > MAX_SUBMIT_CHARS;
        const total = scan.truncated?.totalLength ?? (cut ? chars.length : undefined);
        void callKiosk('submitWedgeScan', {
          data: cut ? chars.slice(0, MAX_SUBMIT_CHARS).join('') : scan.data,
          ...(scan.symbology ? { symbology: scan.symbology } : {}),
          ...(total !== undefined ? { truncatedLength: total } : {}),
        }).catch(() => undefined);
      },
    });
    wedge.attach();
  }

  watch(
    () => kiosk.state?.hostMode,
    (hostMode) => {
      if (hostMode === 'web') void enable();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    disposed = true;
    wedge?.detach();
    wedge = null;
  });
}

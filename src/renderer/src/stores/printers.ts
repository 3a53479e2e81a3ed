import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DrawerResult, PrinterDevice } from '@shared/api/printer';
import type { Approval } from '@shared/api/staff';
import { callKiosk, onKioskEvent } from '../kiosk/client';

/**
 * The receipt printers as the staff device page shows them: each configured printer with its
 * driver's status, kept current by the core's `printerDevices` events (paper out, cover open,
 * retrying…), and the cash drawer opened on demand.
 */
export const usePrintersStore = defineStore('printers', () => {
  const devices = ref<PrinterDevice[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    devices.value = await callKiosk('getPrinterOverview', {});
    loaded.value = true;
  }

  /** A cashier passes a supervisor's approval (staff number + PIN); a supervisor opens it alone. */
  function openDrawer(approval?: Approval): Promise<DrawerResult[]> {
    return callKiosk('registerOpenDrawer', approval ? { approval } : {});
  }

  let unsubscribe: (() => void) | null = null;
  function listen(): void {
    unsubscribe ??= onKioskEvent('printerDevices', (next) => {
      devices.value = next;
      loaded.value = true;
    });
  }

  return { devices, loaded, load, openDrawer, listen };
});

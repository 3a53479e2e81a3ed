import { useI18n } from 'vue-i18n';
import { useStoreTime } from './useStoreTime';
import type { ScanMeaning, ScannerSourceStatus, TestBarcodeView } from '@shared/api/scanner';

/** Scans and scanner states in words, in the current language. */
export function useScanWords() {
  const { t } = useI18n();
  const storeTime = useStoreTime();

  function meaning(value: ScanMeaning): string {
    switch (value.kind) {
      case 'memberCard':
        return t('scanner.meaning.memberCard', { memberNo: value.memberNo });
      case 'appToken':
        return t('scanner.meaning.appToken', { mode: t(`scanner.modes.${value.mode}`) });
      case 'staffCard':
        return t('scanner.meaning.staffCard', { staffNo: value.staffNo });
      case 'unknown':
        return t('scanner.meaning.unknown', { reason: t(`scanner.reasons.${value.reason}`) });
    }
  }

  function kind(value: ScannerSourceStatus['kind']): string {
    return t(`scanner.kinds.${value === 'usb-hidpos' ? 'usbHidpos' : value}`);
  }

  function state(value: ScannerSourceStatus['status']): string {
    switch (value.state) {
      case 'connected':
        return t('scanner.states.connected');
      case 'connecting':
        return t('scanner.states.connecting', { attempt: value.attempt });
      case 'disconnected':
        return t('scanner.states.disconnected', { seconds: Math.max(0, Math.ceil(value.retryInMs / 1000)), attempt: value.attempt });
      case 'error':
        return t('scanner.states.error');
      case 'stopped':
        return t('scanner.states.stopped');
    }
  }

  function testLabel(barcode: TestBarcodeView): string {
    const format = barcode.format === 'codabar' ? 'NW-7' : barcode.format === 'CODE128' ? 'Code 128' : barcode.format === 'EAN13' ? 'JAN-13' : barcode.format;
    switch (barcode.expected.kind) {
      case 'memberCard':
        return t('scanner.testLabels.memberCard', { format });
      case 'appToken':
        return t('scanner.testLabels.appToken', { mode: t(`scanner.modes.${barcode.expected.mode}`) });
      case 'staffCard':
        return t('scanner.testLabels.staffCard', { format });
      case 'unknown':
        return t('scanner.testLabels.notCard', { format });
    }
  }

  function time(at: number | null | undefined): string {
    return at === null || at === undefined ? t('scanner.never') : storeTime(at, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  return { meaning, kind, state, testLabel, time };
}

/**
 * What each room reads of the settings in force (issue 14), in the room's own shape: the settings
 * room stores one document, the rooms never see it whole. Read at each use, so a change on the
 * admin screen applies at once.
 */
import { drawerPrinterUris, type Settings } from '../../shared/config/settings';
import type { KioskState } from '../../shared/kiosk-api';
import type { CashierSettings, RegisterConfig } from '../cashier';

/** The register's amounts, offline limits, store header, time zone, typed-payment policy and printers. */
export function cashierSettingsOf(settings: Settings): RegisterConfig & CashierSettings {
  const { store, register, offline, privacy, printers } = settings;
  return {
    topupPresets: [...register.topupPresets],
    topupMax: register.topupMax,
    balanceMax: register.balanceMax,
    offline: {
      payments: offline.payments,
      perTransaction: offline.paymentMax,
      perMember: offline.memberMax,
      kioskTotal: offline.kioskMax,
      maxAgeMs: offline.maxAgeHours * 3_600_000,
    },
    onlineWaitMs: Math.round(register.onlineWaitSeconds * 1000),
    drawerFloat: register.drawerFloat,
    nameRetentionMs: privacy.nameRetentionDays * 86_400_000,
    timeZone: store.timeZone,
    typedPayments: register.typedPayments,
    printers: [...printers.uris],
    drawerPrinters: drawerPrinterUris(printers),
    storeName: store.name,
    storeAddress: store.receiptAddress,
    receiptMemberName: printers.memberName,
  };
}

/** The pages the student's phone opens by QR (done screen, e-mail change). */
export function guidesOf(settings: Settings): KioskState['guides'] {
  return { passwordGuideUrl: settings.links.passwordGuideUrl, emailChangeFormUrl: settings.links.emailChangeFormUrl };
}

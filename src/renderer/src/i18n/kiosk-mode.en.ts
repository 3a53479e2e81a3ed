import type { kioskModeJa } from './kiosk-mode.ja';

/** Leaving kiosk mode and the first administrator's set-up (issue 14 items 5 and 6), in English. */
export const kioskModeEn: typeof kioskModeJa = {
  heading: 'Stop or restart the kiosk',
  explain: 'Admins only. To do it, type an admin’s staff number and PIN again (it is recorded in the audit log).',
  stop: 'Stop the kiosk',
  restart: 'Restart the kiosk',
  approveStop: 'Stop',
  approveRestart: 'Restart',
  approveLead: '{action} needs an admin’s approval. Type the staff number and PIN.',
  stoppedTitle: 'The kiosk is stopped',
  stoppedBody: 'An administrator stopped the kiosk. To use it again, start the kiosk (npm start, or start the kiosk’s service).',
  restartingTitle: 'The kiosk is restarting…',
  restartingBody: 'Please wait. The first screen comes back when the kiosk has started.',
  failure: {
    heading: 'The last start failed',
    when: '{at} ({host})',
    acknowledge: 'Acknowledge',
    acknowledged: 'Marked as read.',
    hosts: { electron: 'app', web: 'web host' },
  },
  setup: {
    heading: 'Kiosk set-up',
    lead: 'This kiosk has no staff yet. Create the first administrator.',
    codeLead: 'Type the 8-digit set-up code the kiosk printed in its log (standard output) when it started. The code works once, for 30 minutes; after that the kiosk prints a new one when you type it.',
    codeLabel: 'Set-up code',
    codeNext: 'Next',
    adminLead: 'Type the first administrator’s staff number and a new PIN (4 to 8 digits; not one repeated digit, not a run, not the staff number).',
    confirmLead: 'Type the same PIN again to confirm it.',
    confirmLabel: 'PIN (again)',
    create: 'Create the administrator',
    mismatch: 'The two PINs differ. Choose the PIN again.',
  },
};

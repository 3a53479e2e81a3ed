/** Receipt printers on the device page and the cash drawer: English. */
export const printerEn = {
  heading: 'Configured receipt printers',
  none: 'No receipt printer is configured (Kiosk settings → Printers).',
  links: { serial: 'Serial', usb: 'USB', tcp: 'Network (TCP 9100)' },
  states: {
    connected: 'Connected: {condition}',
    connecting: 'Connecting (attempt {attempt})',
    disconnected: 'Not connected (check power and cable). Reconnecting by itself in {seconds} s (attempt {attempt})',
    error: 'Configuration error',
    stopped: 'Stopped',
  },
  fixHint: 'Fix the printer’s setting (URI), then restart the kiosk.',
  pending: 'Receipts waiting',
  drawerPort: 'Cash drawer',
  drawerConnected: 'Connected (opens with cash top-ups and “Open drawer”)',
  drawerNone: 'None',
  checkedAt: 'Last checked',
  drawer: {
    open: 'Open drawer',
    title: 'Open the cash drawer',
    body: 'Opens the drawer without a sale. The audit log keeps who asked and which supervisor approved.',
    needsSupervisor: 'A supervisor enters their PIN',
    confirm: 'Open it',
    opened: 'The drawer was opened.',
    openedRealtime: 'The printer cannot print right now, so the drawer was opened with the real-time pulse. Check that it opened.',
  },
};

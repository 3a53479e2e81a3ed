import { startSocatPty, type SocatPty } from '../../helpers/socat-pty';
import { test as base } from './fixtures';

/**
 * The e2e `test` with a serial scanner on a socat PTY (`pty.write(…)` is a scan): the kiosk
 * starts with it first in KIOSK_SCANNERS, followed by `others` (e.g. `sim`, `wedge?maxInterKeyMs=49`).
 */
export function testWithPtyScanner(...others: string[]) {
  return base.extend<{ pty: SocatPty }>({
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
    pty: async ({}, use) => {
      const pty = await startSocatPty();
      try {
        await use(pty);
      } finally {
        await pty.stop();
      }
    },
    kioskEnv: async ({ pty }, use) => {
      await use({ KIOSK_SCANNERS: [`serial:${pty.driverEnd}?baudRate=9600&terminator=CR`, ...others].join(',') });
    },
  });
}

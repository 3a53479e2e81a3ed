/**
 * How the core asks its host to leave kiosk mode. The core decides (an admin approved, it is
 * audited); the host carries it out after the answer has reached the page:
 * - Electron (`src/main/electron/kiosk-control.ts`): stop closes the kiosk window and quits to the
 *   desktop; restart is `app.relaunch()` then quit;
 * - web host (`src/main/web-host/main.ts`): stop closes the core and the server and exits 0; restart
 *   closes the core and starts a fresh one in the same process (same browser session).
 */
export interface KioskHostControl {
  stop(): void;
  restart(): void;
}


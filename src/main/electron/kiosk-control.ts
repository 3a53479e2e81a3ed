import type { KioskHostControl } from '../host-control';

/** The part of Electron's `app` that leaving kiosk mode uses. */
export interface QuittableApp {
  quit(): void;
  relaunch(): void;
}

/**
 * Electron's side of leaving kiosk mode: stop quits the app, so the full-screen kiosk window closes
 * and the desktop is back; restart asks Electron to start the app again once this one has quit.
 * Quitting (not `app.exit`) runs `will-quit`, which closes the core and the database first.
 */
export function electronHostControl(app: QuittableApp): KioskHostControl {
  return {
    stop: () => app.quit(),
    restart: () => {
      app.relaunch();
      app.quit();
    },
  };
}

/** The shell room's public entry: kiosk state, staff sign-in and the status screen. */
export { createShellModule, type ShellModuleDeps, type SyncStatus } from './shell-module';
export { createLogModule, type LogModuleDeps } from './log-module';
export { createKioskModeModule, type KioskModeDeps, type StartFailureRecord } from './kiosk-mode-module';

/** The admin room's public entry: the wipe of personal data at rest (rows, keys, crash dumps). */
export { createAdminModule, DRAFT_KEY_FILES, type AdminModuleDeps } from './admin-module';
export { crashDumpsDir, ensureCrashDumpsDir, removeCrashDumps, CRASH_DUMPS_FOLDER } from './crash-dumps';

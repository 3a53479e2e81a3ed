import type { SettingsView } from '../../shared/api/settings';
import { RESTART_KEYS } from '../../shared/config/settings';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { StaffGate } from '../staff';
import { SettingsService } from './settings-service';

/** The settings room's dependencies: the database, the admin role, and the environment's setting variables (in `config`). */
export type SettingsModuleDeps = CoreBasics & DatabaseAccess & { staff(): Pick<StaffGate, 'require'> };

/**
 * The settings room (issue 14): owns `config_documents` (migration 0009) and the admin's
 * settings API. Other rooms read the settings through the small interfaces the composition root
 * builds from `service` (src/main/core/rooms.ts).
 */
export function createSettingsModule(context: SettingsModuleDeps): CoreModule & { service: SettingsService } {
  const service = new SettingsService({ db: context.db, environment: context.config.settingsEnvironment, now: context.now, log: context.log });
  const view = (): SettingsView => {
    const snapshot = service.snapshot();
    return {
      settings: snapshot.settings,
      locks: { ...snapshot.locks },
      restartKeys: [...RESTART_KEYS],
      pendingRestart: snapshot.pendingRestart,
      storedIssues: snapshot.storedIssues,
    };
  };
  return {
    service,
    start() {
      service.load();
    },
    handlers: {
      getSettings: () => {
        context.staff().require('admin');
        return view();
      },
      updateSettings: ({ edits }) => {
        const { staff } = context.staff().require('admin');
        const changes = service.update(edits, staff.id);
        return { view: view(), changes };
      },
    },
  };
}

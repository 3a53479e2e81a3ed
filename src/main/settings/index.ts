/** The settings room's public entry (issue 14): the store's configuration, stored in the database and edited on the admin screens. */
export { createSettingsModule, type SettingsModuleDeps } from './settings-module';
export { SettingsService, SettingsEnvironmentError, configInvalid, type SettingsSnapshot } from './settings-service';
export { readConfigDocument, writeConfigDocument, type ConfigDocumentName } from './config-documents';
import type { Settings } from '../../shared/config/settings';

/** What other rooms get of the settings: the values in force, read at each use. */
export interface SettingsSource {
  current(): Settings;
}

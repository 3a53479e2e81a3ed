import type { Settings } from '../../src/shared/config/settings';
import { formatIssues } from '../../src/shared/config/issues';
import { resolveSettings } from '../../src/shared/config/settings-env';

/** The settings a kiosk starts with under `env` (no stored settings yet): the environment over the defaults. */
export function settingsForEnv(env: Record<string, string> = {}): Settings {
  const resolved = resolveSettings(null, env);
  if (!resolved.ok) throw new Error(formatIssues(resolved.issues, 'en'));
  return resolved.value.settings;
}

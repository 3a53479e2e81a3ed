import { loadConfig, type KioskConfig } from '../../src/main/config';
import { KioskCore } from '../../src/main/core/kiosk-core';

/**
 * A real kiosk core on a temporary data folder. The portal URL defaults to a closed port. `env`
 * adds environment variables (settings among them are first-start values and locks, as in production).
 */
export async function startTestCore(dataDir: string, overrides: Partial<KioskConfig> & { env?: Record<string, string> } = {}, portalUrl = 'http://127.0.0.1:9'): Promise<KioskCore> {
  const { env = {}, ...rest } = overrides;
  // Tests open members by typed number (no scanner): typed-number payments are allowed here unless a test sets the policy.
  const config = { ...loadConfig({ KIOSK_DATA_DIR: dataDir, KIOSK_HEALTH_INTERVAL_SECONDS: '60', KIOSK_TYPED_PAYMENTS: 'allow', ...env }), ...rest };
  return KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portalUrl, embedded: false }, demo: true, log: () => undefined });
}

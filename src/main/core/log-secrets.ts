import type { KioskConfig } from '../config';
import { DEMO_DEVICE_SECRET } from '../../portal/demo-seed';

/** The exact strings no log line may carry: the device secret in force and the demo device's. */
export function logSecrets(config: Pick<KioskConfig, 'deviceSecret'>): string[] {
  return [config.deviceSecret ?? '', DEMO_DEVICE_SECRET].filter((secret) => secret.length >= 4);
}
